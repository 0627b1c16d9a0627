/// The server's platform accounts, by name, each with its settings and its platform.
public struct Platforms: Sendable {
    /// One account.
    public struct Entry: Sendable {
        /// Its settings.
        public var account: PlatformAccount
        /// Its platform.
        public var platform: any TaskPlatform
    }

    private let entries: [Entry]

    /// Creates the set; the first entry is the default.
    public init(_ entries: [Entry]) {
        precondition(!entries.isEmpty, "at least one platform account")
        self.entries = entries
    }

    /// The local platform for each account, with launch directories under `workingDirectoriesRoot`.
    public static func local(_ accounts: [PlatformAccount]) -> Platforms {
        Platforms(accounts.map { account in
            Entry(account: account, platform: LocalPlatform(
                name: account.name, root: .init(fileURLWithPath: account.workingDirectoriesRoot), inherit: account.inheritedEnvironment))
        })
    }

    /// The account launches use when none is named: `default` if there is one, else the first.
    public var defaultName: String { entries.first { $0.account.name == "default" }?.account.name ?? entries[0].account.name }

    /// Every account name.
    public var names: [String] { entries.map(\.account.name) }

    /// Every account.
    public var all: [Entry] { entries }

    /// The account named `name`.
    public subscript(name: String) -> Entry? { entries.first { $0.account.name == name } }
}
