import Database

/// Step executions and task executions.
extension HistoryGenerator {
    /// One step execution and its context, started at `clock`; returns when it ended (or was
    /// last updated, while running) and the items it wrote.
    mutating func step(_ step: StepDefinition, outcome: Outcome, executionId: Int64, at clock: Double, into batch: inout HistoryBatch)
        -> (Double, Int)
    {
        let id = ids.step
        ids.step += 1
        let started = clock + Self.milliseconds(random.between(0.001, 0.02))
        let fraction = outcome == .completed ? 1 : random.between(0.05, 0.95)
        let read = Int(Double(random.between(step.items)) * fraction)
        let ended = started + Self.milliseconds(random.between(step.seconds.lowerBound, step.seconds.upperBound) * max(fraction, 0.05))
        let isChunk = step.reader != nil
        let filtered = isChunk ? Int(Double(read) * random.between(0, 0.02)) : 0
        let readSkips = isChunk && random.chance(0.04) ? random.between(1...5) : 0
        let writeSkips = isChunk && random.chance(0.01) ? random.between(1...3) : 0
        let written = max(0, read - filtered - writeSkips)
        let commits = isChunk ? read / step.chunk + (outcome == .completed ? 1 : 0) : 1
        let running = outcome == .running
        batch.steps.rows.append([
            .int(id), .int(Int64(commits + (running ? 1 : 2))), .text(step.name), .int(executionId), .date(Self.date(clock)),
            .date(Self.date(started)), running ? .null : .date(Self.date(ended)),
            .text(running ? "STARTED" : Self.status(outcome)), .int(Int64(commits)), .int(Int64(read)), .int(Int64(filtered)),
            .int(Int64(written)), .int(Int64(readSkips)), .int(Int64(writeSkips)), .int(0), .int(outcome == .failed ? 1 : 0),
            .text(running ? "EXECUTING" : Self.exitCode(outcome)),
            .text(outcome == .failed ? FailureText.stackTrace(job: step.name, variant: random.below(3)) : ""),
            .date(Self.date(ended)),
        ])
        var context = "{\"@class\":\"java.util.HashMap\",\"batch.stepType\":\"org.springframework.batch.core.step.tasklet.TaskletStep\","
        context += "\"batch.taskletType\":\"\(step.tasklet)\""
        if let reader = step.reader { context += ",\"\(reader).read.count\":\(read + readSkips)" }
        batch.stepContexts.rows.append([.int(id), .text(context + "}"), .null])
        summary.stepExecutions += 1
        return (ended, written)
    }

    /// The task execution that launched a job execution, with its arguments and its `TASK_TASK_BATCH` row.
    /// Its exit code is Spring Boot's for the job's status then (`BatchStatus` ordinal: 0 completed,
    /// 4 stopped, 5 failed); a running job's task has not ended.
    mutating func jobTask(
        _ job: JobDefinition, launch: (instanceId: Int64, parameters: [SeededParameter], attempt: Int), executionId: Int64,
        outcome: Outcome, created: Double, end: Double?, into batch: inout HistoryBatch
    ) {
        let id = ids.task
        ids.task += 1
        let started = created - Self.milliseconds(random.between(0.5, 3))
        let ended = end.map { $0 + Self.milliseconds(random.between(0.1, 1)) }
        let exitCode: Int? =
            switch outcome {
            case .completed: 0
            case .stopped: 4
            case .failed: 5
            case .running: nil
            }
        let error = outcome == .failed
            ? "org.springframework.cloud.task.listener.TaskException: Job \(job.name) failed during execution for job instance id "
                + "\(launch.instanceId) with jobExecutionId of \(executionId)" : nil
        var arguments = platformArguments(task: job.taskName, id: id)
        arguments += launch.parameters.filter(\.identifying).map { "\($0.name)=\($0.value)" }
        if launch.attempt > 1 { arguments.append("--spring.cloud.task.batch.job-names=\(job.name)") }
        appendTask(
            id: id, name: job.taskName, started: started, ended: ended, exitCode: exitCode, error: error, arguments: arguments,
            into: &batch)
        batch.taskBatch.rows.append([.int(id), .int(executionId)])
        summary.taskBatchLinks += 1
    }

    /// A task execution that runs no job: mostly completed, some failed with exit code 1, a few
    /// never started (the launch failed after Data Flow created the row) or still running.
    mutating func plainTask(at time: Double, into batch: inout HistoryBatch) {
        let id = ids.task
        ids.task += 1
        let name = JobCatalog.plainTasks[random.below(JobCatalog.plainTasks.count)]
        let created = Self.milliseconds(time)
        let unit = random.unit()
        let started: Double? = unit < 0.02 ? nil : created + Self.milliseconds(random.between(0.2, 2))
        let ended = unit < 0.022 ? nil : started.map { $0 + Self.milliseconds(random.between(1, 300)) }
        let exitCode: Int? = ended == nil ? nil : unit < 0.94 ? 0 : 1
        let error = exitCode == 1
            ? "java.io.IOException: No space left on device\n\tat java.base/java.io.FileOutputStream.writeBytes(Native Method)" : nil
        appendTask(
            id: id, name: name, started: started, ended: ended, exitCode: exitCode, error: error,
            arguments: started == nil ? [] : platformArguments(task: name, id: id), lastUpdated: created, into: &batch)
        summary.tasksWithoutJobs += 1
    }

    /// The arguments Data Flow passes every launch.
    private func platformArguments(task: String, id: Int64) -> [String] {
        [
            "--spring.cloud.data.flow.platformname=default", "--spring.cloud.task.executionid=\(id)",
            "--spring.cloud.data.flow.taskappname=\(task)",
        ]
    }

    private mutating func appendTask(
        id: Int64, name: String, started: Double?, ended: Double?, exitCode: Int?, error: String?, arguments: [String],
        lastUpdated: Double? = nil, into batch: inout HistoryBatch
    ) {
        let external: SQLValue = random.chance(0.7) ? .text("\(name)-\(random.suffix(5))") : .null
        batch.tasks.rows.append([
            .int(id), started.map { .date(Self.date($0)) } ?? .null, ended.map { .date(Self.date($0)) } ?? .null, .text(name),
            exitCode.map { .int(Int64($0)) } ?? .null, .null, error.map { .text($0) } ?? .null,
            .date(Self.date(ended ?? started ?? lastUpdated ?? 0)), external, .null,
        ])
        for argument in arguments { batch.taskParameters.rows.append([.int(id), .text(argument)]) }
        summary.taskExecutionParameters += arguments.count
        summary.countTask(started: started != nil, ended: ended != nil, exitCode: exitCode)
    }
}

/// Failure messages as Spring records them: the exception and the top of its stack trace.
enum FailureText {
    static func stackTrace(job: String, variant: Int) -> String {
        switch variant {
        case 0:
            "org.springframework.dao.DataIntegrityViolationException: PreparedStatementCallback; SQL [INSERT INTO ledger "
                + "(id, account, amount) VALUES (?, ?, ?)]; ERROR: duplicate key value violates unique constraint \"ledger_pkey\"\n"
                + "\tat org.springframework.jdbc.support.SQLExceptionSubclassTranslator.doTranslate("
                + "SQLExceptionSubclassTranslator.java:87)\n"
                + "\tat org.springframework.batch.item.database.JdbcBatchItemWriter.write(JdbcBatchItemWriter.java:193)\n"
                + "\tat org.springframework.batch.core.step.item.SimpleChunkProcessor.writeItems(SimpleChunkProcessor.java:203)\n"
                + "\tat com.example.batch.\(job)(\(job).java:42)"
        case 1:
            "org.springframework.batch.item.file.FlatFileParseException: Parsing error at line: 4711 in resource=[file "
                + "[/data/inbox/input.csv]], input=[2026-06-01;ACC-991;12,5O;EUR]\n"
                + "\tat org.springframework.batch.item.file.FlatFileItemReader.doRead(FlatFileItemReader.java:189)\n"
                + "\tat org.springframework.batch.item.support.AbstractItemCountingItemStreamItemReader.read("
                + "AbstractItemCountingItemStreamItemReader.java:93)\n"
                + "\tat com.example.batch.\(job)(\(job).java:57)"
        default:
            "org.springframework.web.client.ResourceAccessException: I/O error on GET request for \"https://api.example.com/v2/export\": "
                + "Read timed out\n\tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:791)\n"
                + "\tat com.example.batch.\(job)(\(job).java:88)"
        }
    }
}
