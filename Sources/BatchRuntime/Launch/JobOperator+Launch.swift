/// Launching a job as a Spring Boot batch application launches it when it starts: the
/// launch a scheduler or a Data Flow server makes, repeated as is after a failure.
extension JobOperator {
    /// Launches a job the way Spring Boot's `JobLauncherApplicationRunner` does, so that the
    /// same launch, repeated after a failure or a stop, resumes the work instead of redoing it.
    ///
    /// The parameters are chosen in this order:
    /// 1. When `parameters` identify an instance that already ran, they are used as given: a
    ///    FAILED or STOPPED instance is restarted, a COMPLETED one is refused
    ///    (``BatchError/Code/alreadyComplete``), a running one too unless its process died.
    /// 2. Otherwise, for a job without an incrementer, they start a new instance.
    /// 3. For a job with an incrementer: when the last execution of the job's last instance
    ///    FAILED or STOPPED (or its process died), the job is restartable, and `parameters`
    ///    change none of that execution's identifying parameters, that instance is restarted
    ///    with its identifying parameters and the given ones (new values for non-identifying
    ///    ones); Spring Boot 3 would apply the incrementer here and leave the failed work behind.
    /// 4. Otherwise the incrementer derives the next parameters from that last execution's and
    ///    the given ones override them, as Spring Boot does (`run.id` one higher).
    ///
    /// Executions left running by a dead process are recovered first, as ``restart(_:control:)``
    /// recovers them, and reported through ``notice``.
    /// - Parameters:
    ///   - jobName: The job.
    ///   - parameters: The parameters given on the command line.
    ///   - control: Stop requests and progress.
    /// - Returns: The finished execution.
    /// - Throws: ``BatchError`` with ``BatchError/Code/noSuchJob``, ``BatchError/Code/invalidParameters``,
    ///   ``BatchError/Code/alreadyComplete``, ``BatchError/Code/alreadyRunning`` or
    ///   ``BatchError/Code/notRestartable`` when no execution could be created.
    public func launch(jobName: String, parameters: JobParameters, control: RunControl = RunControl()) async throws
        -> JobExecution
    {
        let job = try job(named: jobName)
        let chosen = try await launchParameters(of: job, given: parameters)
        return try await launchRecoveringDead(job, parameters: chosen, control: control)
    }

    /// The parameters a launch of `job` with `given` runs with (see ``launch(jobName:parameters:control:)``).
    func launchParameters(of job: Job, given: JobParameters) async throws -> JobParameters {
        if try await explorer.jobInstance(jobName: job.name, parameters: given) != nil { return given }
        guard let incrementer = job.incrementer else { return given }
        let last = try await lastExecutionOfLastInstance(jobName: job.name)
        if let last, try await resumes(last, of: job, given: given) {
            let parameters = last.parameters.identifying.overridden(by: given)
            notice("restarting job \(job.name) instance \(last.instance.id) from execution \(last.id) with \(parameters)")
            return parameters
        }
        let parameters = incrementer.next(after: last?.parameters ?? JobParameters()).overridden(by: given)
        notice("parameters: \(parameters)")
        return parameters
    }

    /// Whether launching `job` with `given` continues `last`: the job may restart, `given`
    /// changes none of its identifying parameters, and it FAILED, STOPPED, or was left running
    /// by a process that is gone (then it is recovered here, as `restart` recovers it).
    private func resumes(_ last: JobExecution, of job: Job, given: JobParameters) async throws -> Bool {
        guard job.restartable else { return false }
        let identifying = last.parameters.identifying
        guard identifying.overridden(by: given).identifying == identifying else { return false }
        if last.status == .failed || last.status == .stopped { return true }
        return last.isRunning ? try await recoverIfDead(last) : false
    }
}
