import CoreMetrics
import Testing

@testable import MetricsRSocket

@Suite("Prometheus registry")
struct PrometheusRegistryTests {
    @Test("a timer renders as Micrometer does: _seconds_count, _sum and a _max gauge")
    func timerLayout() {
        let registry = PrometheusRegistry()
        let timer = registry.makeTimer(
            label: "spring.batch.job", dimensions: [("spring.batch.job.name", "importJob"), ("spring.batch.job.status", "COMPLETED")])
        timer.recordNanoseconds(1_500_000_000)
        timer.recordNanoseconds(500_000_000)
        // Micrometer's help is a single space when a meter has no description: "# HELP name  ".
        let expected = [
            "# HELP spring_batch_job_seconds  ",
            "# TYPE spring_batch_job_seconds summary",
            #"spring_batch_job_seconds_count{spring_batch_job_name="importJob",spring_batch_job_status="COMPLETED"} 2.0"#,
            #"spring_batch_job_seconds_sum{spring_batch_job_name="importJob",spring_batch_job_status="COMPLETED"} 2.0"#,
            "# HELP spring_batch_job_seconds_max  ",
            "# TYPE spring_batch_job_seconds_max gauge",
            #"spring_batch_job_seconds_max{spring_batch_job_name="importJob",spring_batch_job_status="COMPLETED"} 1.5"#,
        ]
        #expect(registry.renderText() == expected.joined(separator: "\n") + "\n")
    }

    @Test("every family has Micrometer's HELP line before its TYPE: the description set for the label, escaped")
    func helpLines() {
        let registry = PrometheusRegistry()
        registry.setDescription("Job duration", forLabel: "spring.batch.job")
        registry.setDescription("Launches \\ restarts\nof jobs", forLabel: "spring.batch.job.launch.count")
        registry.makeTimer(label: "spring.batch.job", dimensions: []).recordNanoseconds(1_000_000_000)
        registry.makeCounter(label: "spring.batch.job.launch.count", dimensions: []).increment(by: 1)
        registry.makeMeter(label: "spring.batch.job.active", dimensions: []).increment(by: 1)
        let text = registry.renderText()
        #expect(text.contains("# HELP spring_batch_job_seconds Job duration\n# TYPE spring_batch_job_seconds summary\n"), "\(text)")
        #expect(text.contains("# HELP spring_batch_job_seconds_max Job duration\n# TYPE spring_batch_job_seconds_max gauge\n"), "\(text)")
        #expect(
            text.contains("# HELP spring_batch_job_launch_count_total Launches \\\\ restarts\\nof jobs\n# TYPE spring_batch_job_launch_count_total counter\n"),
            "\(text)")
        #expect(text.contains("# HELP spring_batch_job_active_seconds  \n# TYPE spring_batch_job_active_seconds untyped\n"), "\(text)")
        #expect(text.contains("# HELP spring_batch_job_active_seconds_max  \n# TYPE spring_batch_job_active_seconds_max gauge\n"), "\(text)")
        // One HELP per TYPE, each right before it.
        let lines = text.split(separator: "\n")
        for (index, line) in lines.enumerated() where line.hasPrefix("# TYPE ") {
            let name = line.split(separator: " ")[2]
            #expect(index > 0 && lines[index - 1].hasPrefix("# HELP \(name) "), "\(text)")
        }
        #expect(lines.filter { $0.hasPrefix("# HELP ") }.count == lines.filter { $0.hasPrefix("# TYPE ") }.count)
    }

    @Test("metrics with the same label and tags share a series, whatever the tag order")
    func sameSeries() {
        let registry = PrometheusRegistry()
        registry.makeTimer(label: "spring.cloud.task", dimensions: [("b", "2"), ("a", "1")]).recordNanoseconds(1_000_000_000)
        registry.makeTimer(label: "spring.cloud.task", dimensions: [("a", "1"), ("b", "2")]).recordNanoseconds(3_000_000_000)
        registry.makeTimer(label: "spring.cloud.task", dimensions: [("a", "1"), ("b", "3")]).recordNanoseconds(1_000_000_000)
        let text = registry.renderText()
        #expect(text.contains("spring_cloud_task_seconds_count{a=\"1\",b=\"2\"} 2.0\n"))
        #expect(text.contains("spring_cloud_task_seconds_max{a=\"1\",b=\"2\"} 3.0\n"))
        #expect(text.contains("spring_cloud_task_seconds_count{a=\"1\",b=\"3\"} 1.0\n"))
        registry.makeTimer(label: "short", dimensions: []).recordNanoseconds(1_537_934)
        #expect(registry.renderText().contains("short_seconds_max 0.001537934\n"))
        #expect(registry.seriesCount == 3)
    }

    @Test("counters get _total, gauges keep their name, recorders render as summaries")
    func otherKinds() {
        let registry = PrometheusRegistry()
        registry.makeCounter(label: "spring.batch.job.launch.count", dimensions: []).increment(by: 3)
        registry.makeFloatingPointCounter(label: "bytes.read", dimensions: []).increment(by: 1.5)
        registry.makeMeter(label: "queue.depth", dimensions: []).set(Int64(7))
        registry.makeRecorder(label: "chunk.size", dimensions: [], aggregate: true).record(Int64(10))
        registry.makeRecorder(label: "temperature", dimensions: [], aggregate: false).record(21.5)
        let text = registry.renderText()
        #expect(text.contains("# TYPE spring_batch_job_launch_count_total counter\nspring_batch_job_launch_count_total 3.0\n"))
        #expect(text.contains("bytes_read_total 1.5\n"))
        #expect(text.contains("# TYPE queue_depth gauge\nqueue_depth 7.0\n"))
        #expect(text.contains("chunk_size_count 1.0\nchunk_size_sum 10.0\n# HELP chunk_size_max  \n# TYPE chunk_size_max gauge\nchunk_size_max 10.0\n"))
        #expect(text.contains("temperature 21.5\n"))
    }

    @Test("a meter named *.active is a long task timer: active count, duration sum and max")
    func longTaskTimer() {
        let registry = PrometheusRegistry()
        let active = registry.makeMeter(label: "spring.cloud.task.active", dimensions: [("spring.cloud.task.name", "t")])
        active.increment(by: 2)
        var text = registry.renderText()
        #expect(text.contains("# TYPE spring_cloud_task_active_seconds untyped\n"))
        #expect(text.contains("spring_cloud_task_active_seconds_active_count{spring_cloud_task_name=\"t\"} 2.0\n"))
        #expect(text.contains("spring_cloud_task_active_seconds_duration_sum{spring_cloud_task_name=\"t\"} "))
        #expect(text.contains("# TYPE spring_cloud_task_active_seconds_max gauge\n"))
        active.decrement(by: 2)
        text = registry.renderText()
        #expect(text.contains("spring_cloud_task_active_seconds_active_count{spring_cloud_task_name=\"t\"} 0.0\n"))
        #expect(text.contains("spring_cloud_task_active_seconds_max{spring_cloud_task_name=\"t\"} 0.0\n"))
    }

    @Test("common tags are merged in name order, set after the metrics exist, and a metric's own tag wins")
    func commonTags() {
        let registry = PrometheusRegistry(commonTags: [("zone", "eu")])
        registry.makeCounter(label: "c", dimensions: [("instance", "own"), ("b", "x")]).increment(by: 1)
        registry.setCommonTags([("application", "nightly-42"), ("instance", "host:1"), ("zone", "us")])
        #expect(registry.renderText().contains("c_total{application=\"nightly-42\",b=\"x\",instance=\"own\",zone=\"us\"} 1.0\n"))
    }

    @Test("label values are escaped and names sanitized as Prometheus requires")
    func escaping() {
        let registry = PrometheusRegistry()
        registry.makeCounter(label: "9 lives.métrique", dimensions: [("file.path", "C:\\data\\\"q\"\nx"), ("1st", "é")])
            .increment(by: 1)
        let text = registry.renderText()
        #expect(text.contains("m_9_lives_m__trique_total{file_path=\"C:\\\\data\\\\\\\"q\\\"\\nx\",m_1st=\"é\"} 1.0\n"))
    }

    @Test("values: +Inf, -Inf and NaN are spelled as Prometheus parses them")
    func specialValues() {
        #expect(PrometheusNaming.format(.infinity) == "+Inf")
        #expect(PrometheusNaming.format(-.infinity) == "-Inf")
        #expect(PrometheusNaming.format(.nan) == "NaN")
        #expect(PrometheusNaming.format(0.25) == "0.25")
    }

    @Test("a name reused with another kind is kept out of the text instead of corrupting it")
    func kindConflict() {
        let registry = PrometheusRegistry()
        registry.makeCounter(label: "jobs", dimensions: []).increment(by: 1)
        registry.makeMeter(label: "jobs", dimensions: []).set(Int64(5))
        let text = registry.renderText()
        #expect(text == "# HELP jobs_total  \n# TYPE jobs_total counter\njobs_total 1.0\n")
    }

    @Test("recording from many tasks at once loses nothing")
    func concurrentRecording() async {
        let registry = PrometheusRegistry()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let timer = registry.makeTimer(label: "spring.batch.item.read", dimensions: [("status", "SUCCESS")])
                    for _ in 0..<10_000 { timer.recordNanoseconds(1000) }
                }
            }
        }
        #expect(registry.renderText().contains("spring_batch_item_read_seconds_count{status=\"SUCCESS\"} 80000.0\n"))
    }
}
