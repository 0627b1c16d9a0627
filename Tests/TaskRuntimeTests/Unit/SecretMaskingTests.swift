import Testing

@testable import TaskRuntime

@Suite("secrets masked in what is shown")
struct SecretMaskingTests {
    @Test("arguments with secret-looking keys are masked; others are not", arguments: [
        ("--spring.datasource.password=s3cret", "--spring.datasource.password=******"),
        ("--spring.datasource.username=admin", "--spring.datasource.username=admin"),
        ("api.token=abc", "api.token=******"),
        ("--aws.secret-access-key=k", "--aws.secret-access-key=******"),
        ("--my.apiKey=k", "--my.apiKey=******"),
        ("--gcp.credentials=json", "--gcp.credentials=******"),
        ("SPRING_DATASOURCE_PASSWORD=pw", "SPRING_DATASOURCE_PASSWORD=******"),
        ("--spring.datasource.url=postgres://u:pw@h:5432/db", "--spring.datasource.url=postgres://u:******@h:5432/db"),
        ("input.file=/data/passwords.csv", "input.file=/data/passwords.csv"),
        ("--spring.cloud.task.executionid=7", "--spring.cloud.task.executionid=7"),
        ("--spring.datasource.password=", "--spring.datasource.password="),
    ])
    func argument(given: String, shown: String) {
        #expect(SecretMasking.arguments([given]) == [shown])
    }

    @Test("the value after a bare secret option is masked")
    func separateValue() {
        #expect(SecretMasking.arguments(["--spring.datasource.password", "pw", "next"]) == ["--spring.datasource.password", "******", "next"])
    }
}
