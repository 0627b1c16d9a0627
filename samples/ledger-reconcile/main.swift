import BatchRuntime

// ledger-reconcile: reconciles a bank statement against the books, as a flow of steps that uses
// what real batch jobs need: both ledgers loaded side by side (a split), bad lines skipped and
// written to reject files, a flaky rates service retried with backoff, the matching split by
// account id range across partitions, and a decision on whether a person must review the result.
//
//   ledger-reconcile generate --entries 100000 --output-dir data
//   ledger-reconcile start reconcileLedgers bank.file=data/bank.csv book.file=data/book.csv
//   ledger-reconcile restart reconcileLedgers
await BatchApplication(
    name: "ledger-reconcile",
    jobs: [ReconcileJob.job],
    commands: [
        "generate": (
            summary: "generate --entries N --output-dir DIR: write bank.csv and book.csv with known differences and bad lines",
            run: GenerateLedgers.run
        )
    ]
).main()
