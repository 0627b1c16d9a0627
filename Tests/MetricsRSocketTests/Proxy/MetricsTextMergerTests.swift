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
}
