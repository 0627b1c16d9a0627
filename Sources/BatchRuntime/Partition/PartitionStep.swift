import Foundation

/// A manager step that splits its input with a ``Partitioner`` and runs its worker step once
/// per partition, several at a time, as step executions named `<worker>:<partition key>`
/// (`load:partition0`), as Spring Batch names them.
///
/// The manager's counters are the sum of its workers'. It fails when any partition fails,
/// naming it. A restart of the job runs only the partitions that did not complete: the
/// manager keeps the partition keys in its context, and each worker resumes from its own
/// checkpoint.
///
/// ```swift
/// PartitionStep("load", partitioner: KeyRangePartitioner { _ in 1...1_000_000 }, gridSize: 4,
///     worker: ChunkStep("loadRange", reader: { context in
///         try RangeReader(context.stepContext.int("key.min")!, context.stepContext.int("key.max")!) }, writer: ...))
/// ```
public struct PartitionStep: Step {
    /// The manager's name.
    public let name: String
    /// Restart behaviour of the manager.
    public var options: StepOptions
    /// The step each partition runs.
    public let worker: any Step
    let partitioner: any Partitioner
    let gridSize: Int
    let concurrency: Int
    /// Runs each partition's worker in another process; nil runs them in this one.
    let launcher: (any PartitionLauncher)?

    /// The manager's context key that keeps the partition keys (comma-separated).
    static let keysKey = "batch.partition.keys"

    /// A partitioned step.
    /// - Parameters:
    ///   - name: The manager step's name.
    ///   - partitioner: Splits the input.
    ///   - gridSize: How many partitions to ask the partitioner for.
    ///   - concurrency: Partitions that run at the same time (by default all of them).
    ///   - options: Restart behaviour of the manager.
    ///   - launcher: Runs each partition's worker in another process (the application's own
    ///     `worker` command, which takes its step execution from the shared job repository):
    ///     ``ProcessPartitionLauncher`` for local processes. Nil runs the partitions in this process.
    ///   - worker: The step that runs each partition; its factories read the partition from
    ///     ``StepContext/stepContext``.
    public init(
        _ name: String, partitioner: any Partitioner, gridSize: Int, concurrency: Int? = nil, options: StepOptions = StepOptions(),
        launcher: (any PartitionLauncher)? = nil, worker: any Step
    ) {
        self.launcher = launcher
        self.name = name
        self.partitioner = partitioner
        self.gridSize = max(1, gridSize)
        self.concurrency = max(1, concurrency ?? gridSize)
        self.options = options
        self.worker = worker
    }

    /// Runs the partitions (called by the engine).
    public func execute(_ run: StepRun) async throws {
        guard let job = run.job else {
            throw BatchError(.invalidDeclaration, "partitioned step \(name) must run inside a job")
        }
        var contexts: [String: ExecutionContext] = [:]
        let keys: [String]
        if let saved = run.execution.executionContext.string(Self.keysKey) {
            keys = saved.split(separator: ",").map(String.init)
            run.logger.info("step \(name) resumes its \(keys.count) partitions")
            // A partition that never started (the manager died between saving the keys and
            // starting it) starts from the partitioner's context; those that started resume
            // from their own checkpoints and ignore it.
            contexts = try await partitioner.partition(gridSize: gridSize, context: run.context)
        } else {
            contexts = try await partitioner.partition(gridSize: gridSize, context: run.context)
            guard !contexts.isEmpty else { throw BatchError(.invalidParameters, "the partitioner of step \(name) returned no partition") }
            keys = contexts.keys.sorted { $0.count != $1.count ? $0.count < $1.count : $0 < $1 }
            run.execution.executionContext[Self.keysKey] = .string(keys.joined(separator: ","))
            try await run.save()
        }
        let results: [StepExecution]
        if let launcher {
            results = try await RemotePartitions(managerName: name, worker: worker, launcher: launcher, concurrency: concurrency)
                .run(keys: keys, contexts: contexts, job: job, manager: run)
        } else {
            results = try await runHere(keys: keys, contexts: contexts, job: job)
        }
        var counts = StepCounts()
        for result in results { counts.add(result.counts) }
        run.execution.counts = counts
        let failed = results.filter { $0.status != .completed }.sorted { $0.stepName < $1.stepName }
        guard let first = failed.first else { return }
        if failed.allSatisfy({ $0.status == .stopped }) {
            run.execution.status = .stopped
            run.execution.exitStatus = ExitStatus("STOPPED", description: "partitions stopped: \(failed.map(\.stepName).joined(separator: ", "))")
            return
        }
        throw BatchError(
            .partitionFailed,
            "\(failed.count) of \(keys.count) partitions of step \(name) did not complete: "
                + failed.map { "\($0.stepName) \($0.status.rawValue)" }.joined(separator: ", ")
                + "; the first: \(first.exitStatus.exitDescription). Restart the job to run only those partitions again")
    }
}

extension PartitionStep {
    /// Runs the partitions in this process, up to ``concurrency`` at a time.
    func runHere(keys: [String], contexts: [String: ExecutionContext], job: (run: JobRun, execution: JobExecution)) async throws
        -> [StepExecution]
    {
        let worker = self.worker
        let limit = concurrency
        return try await withThrowingTaskGroup(of: StepExecution.self) { group in
            var next = 0
            func start() {
                let key = keys[next]
                let initial = contexts[key]
                next += 1
                group.addTask {
                    var execution = job.execution
                    let step = PartitionWorker(name: "\(worker.name):\(key)", worker: worker)
                    return try await StepHandler(run: job.run, step: step, initialContext: initial ?? ExecutionContext()).handle(&execution)
                }
            }
            while next < min(limit, keys.count) { start() }
            var results: [StepExecution] = []
            while let result = try await group.next() {
                results.append(result)
                if next < keys.count { start() }
            }
            return results
        }
    }
}

/// A worker step under the name of its partition.
struct PartitionWorker: Step {
    let name: String
    let worker: any Step
    var options: StepOptions { worker.options }
    func execute(_ run: StepRun) async throws { try await worker.execute(run) }
}

extension PartitionWorker: ListenedStep {
    var stepListeners: [any StepExecutionListener] { StepHandler.listeners(of: worker).0 }
    var stepChunkListeners: [any ChunkListener] { StepHandler.listeners(of: worker).1 }
}
