import BatchRuntime

/// A batch application with two jobs, for the end-to-end tests of a launch without a command:
/// which job runs depends on `--spring.batch.job.name` (or `SPRING_BATCH_JOB_NAME`).
///
///     batch-fixture [--spring.batch.job.name=hello|goodbye] [name=value ...] [--db URL]
///
/// Each job has one tasklet that does nothing; the execution report names the job that ran.
let jobs = ["hello", "goodbye"].map { name in
    Job(name) { TaskletStep("say") { _ in .finished } }
}
await BatchApplication(name: "batch-fixture", jobs: jobs).main()
