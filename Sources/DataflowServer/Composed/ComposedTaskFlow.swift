import BatchRuntime

/// A composed task as a BatchRuntime job: what the composed-task runner runs, and what the
/// server builds (with stand-in steps) to check a composed definition before saving it.
///
/// Each app of the graph is one step, made by `step` and named after the app (in the runner's
/// graph, the child task definition's name), so a restart of the job finds the steps that
/// completed and resumes at the one that failed. The DSL maps onto the flow as Data Flow's runner
/// maps it:
/// - `a && b`: b runs when a completed (exit code 0); otherwise the job ends as a ended.
/// - `<a || b>`: the branches run at the same time; what follows runs when all completed.
/// - `a 'FAILED'->b`, `a 3->b`, `a '*'->b`: a decision after a picks the transition its end
///   takes (see ``ComposedChildOutcome``: a status matches the exit status, a number the exit
///   code); none matching goes on with what follows a, or ends the job as a ended when nothing
///   follows. A transition's target app runs and ends the job (or the split's branch) as it ends.
/// - `->:label` goes to the labelled element, which must be in the same flow or its secondary
///   flows (not into or out of a split's branch).
/// - `$END` ends the job (or the branch) COMPLETED, `$FAIL` FAILED.
///
/// ```swift
/// let graph = try TaskDSL.parse("nightly-extract 'FAILED'->nightly-alert && <nightly-load || nightly-index>")
/// let job = try ComposedTaskFlow.job(named: "nightly", graph: graph) { app in
///     ExternalStep(app.name) { step in /* launch app.name, wait for its end */ }
/// }
/// ```
public enum ComposedTaskFlow {
    /// Builds the job of a composed task, checked (``BatchRuntime/Job/validateDeclaration()``).
    /// - Parameters:
    ///   - name: The job's name: the composed task definition's.
    ///   - graph: The composed task's graph.
    ///   - step: The step that runs an app.
    /// - Returns: The job, with a run-id incrementer so that each launch after a completed one
    ///   is a new instance and a launch after a failed one resumes it.
    /// - Throws: ``ServerError`` `invalidDefinition` naming what cannot run (a transition to a
    ///   label outside its split's branch, an element nothing reaches, a name too long for a step).
    public static func job(named name: String, graph: TaskGraph, step: @escaping (TaskApp) -> any Step) throws -> Job {
        var compiler = ComposedFlowCompiler(step: step)
        let flow = try compiler.scope(graph.flows, name: name)
        let job = Job(name, incrementer: RunIdIncrementer(), flow: flow)
        do throws(BatchError) {
            try job.validateDeclaration()
        } catch {
            throw ServerError(.invalidDefinition, "composed task \(name) cannot run: \(error.message)")
        }
        return job
    }
}
