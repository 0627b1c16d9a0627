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

    /// The rule as the documentation states it, written plainly: the oracle of the byte-level one.
    static func oracle(_ key: String) -> Bool {
        let trimmed = key.drop { $0 == "-" }
        let last = trimmed.split(separator: ".").last.map(String.init) ?? String(trimmed)
        let plain = last.lowercased().filter { $0 != "-" && $0 != "_" }
        if plain.isEmpty { return false }
        if ["password", "passwd", "secret", "token", "credential"].contains(where: { plain.contains($0) }) { return true }
        return plain.hasSuffix("key")
    }

    @Test("which keys are secret: the byte-level rule agrees with the documented one", arguments: [
        "", "-", "--", ".", "..", "a.", "a.password.", "--PASSWORD", "db.Pass_Word", "x.passwd", "SECRET", "my.Token.",
        "x.credentialsFile", "apiKey", "api-KEY", "private_key", "ke", "key", "monkey", "keys", "a.key.b", "user.name",
        "--spring.datasource.password", "input.file", "p-a-s-s-w-o-r-d", "tökén", "süperSecret", "a..b", "..token",
    ])
    func secretKeys(key: String) {
        #expect(SecretMasking.isSecret(key: key) == Self.oracle(key), "\(key)")
    }
}
