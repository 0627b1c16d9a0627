import BatchRuntime

// csv-import: imports a CSV of transactions into the table `transactions` of the job
// repository's own database, so every chunk's rows commit together with its checkpoint.
//
//   csv-import generate --rows 100000 --output transactions.csv
//   csv-import input.file=transactions.csv        # as Data Flow launches it; run again to resume a failure
//   csv-import start importTransactions input.file=transactions.csv
//   csv-import restart importTransactions
await BatchApplication(
    name: "csv-import",
    jobs: [ImportTransactionsJob.job],
    commands: ["generate": (summary: "generate --rows N --output FILE [--seed S]: write a deterministic sample CSV", run: Generate.run)]
).main()
