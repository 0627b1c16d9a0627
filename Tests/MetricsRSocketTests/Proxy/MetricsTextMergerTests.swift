import Testing

@testable import MetricsRSocket

@Suite("Merging clients' texts")
struct MetricsTextMergerTests {
    @Test("HELP and TYPE appear once per family and the samples of all clients sit under them")
    func deduplicates() {
        var merger = MetricsTextMerger()
        merger.add(
            """
            # HELP jvm_threads_live Live threads
            # TYPE jvm_threads_live gauge
            jvm_threads_live{application="a-1"} 10.0
            # HELP task_seconds Task duration
            # TYPE task_seconds summary
            task_seconds_count{application="a-1"} 1.0
            task_seconds_sum{application="a-1"} 2.0

            """)
        merger.add(
            """
            # HELP task_seconds Task duration
            # TYPE task_seconds summary
            task_seconds_count{application="b-2"} 3.0
            task_seconds_sum{application="b-2"} 4.0
            # HELP jvm_threads_live Live threads
            # TYPE jvm_threads_live gauge
            jvm_threads_live{application="b-2"} 12.0
            untyped_thing 1

            """)
        #expect(
            merger.text() == """
                # HELP jvm_threads_live Live threads
                # TYPE jvm_threads_live gauge
                jvm_threads_live{application="a-1"} 10.0
                jvm_threads_live{application="b-2"} 12.0
                # HELP task_seconds Task duration
                # TYPE task_seconds summary
                task_seconds_count{application="a-1"} 1.0
                task_seconds_sum{application="a-1"} 2.0
                task_seconds_count{application="b-2"} 3.0
                task_seconds_sum{application="b-2"} 4.0
                untyped_thing 1

                """)
    }

    @Test("comments other than HELP and TYPE are dropped, samples without metadata keep their own family")
    func otherLines() {
        var merger = MetricsTextMerger()
        merger.add("# a comment\nfoo 1\nfoo_bar 2\n")
        merger.add("foo 3\n")
        #expect(merger.text() == "foo 1\nfoo_bar 2\nfoo 3\n")
    }

    @Test("a HELP from any client is kept once, the first one seen, verbatim (Micrometer's blank help too)")
    func helpFromAnyClient() {
        var merger = MetricsTextMerger()
        merger.add("# TYPE up gauge\nup{application=\"a\"} 1.0\n")
        merger.add("# HELP up  \n# TYPE up gauge\nup{application=\"b\"} 1.0\n")
        merger.add("# HELP up Is it up\n# TYPE up gauge\nup{application=\"c\"} 0.0\n")
        #expect(merger.text() == "# HELP up  \n# TYPE up gauge\nup{application=\"a\"} 1.0\nup{application=\"b\"} 1.0\nup{application=\"c\"} 0.0\n")
    }

    @Test("the texts of two apps' registries merge to one HELP and one TYPE per family, HELP first")
    func registries() {
        var merger = MetricsTextMerger()
        for application in ["task-1", "task-2"] {
            let registry = PrometheusRegistry(commonTags: [("application", application)])
            registry.setDescription("Job duration", forLabel: "spring.batch.job")
            registry.makeTimer(label: "spring.batch.job", dimensions: []).recordNanoseconds(1_000_000_000)
            registry.makeCounter(label: "runs", dimensions: []).increment(by: 1)
            merger.add(registry.render())
        }
        let lines = merger.text().split(separator: "\n", omittingEmptySubsequences: false)
        for family in ["spring_batch_job_seconds", "spring_batch_job_seconds_max", "runs_total"] {
            let help = lines.indices.filter { lines[$0].hasPrefix("# HELP \(family) ") }
            let type = lines.indices.filter { lines[$0].hasPrefix("# TYPE \(family) ") }
            #expect(help.count == 1 && type.count == 1 && help.first.map { $0 + 1 } == type.first, "\(family): \(lines)")
        }
        #expect(lines.contains("# HELP spring_batch_job_seconds Job duration"))
        #expect(lines.contains("# HELP runs_total  "))
        #expect(lines.filter { $0.hasPrefix("spring_batch_job_seconds_count{") }.count == 2)
    }
}
