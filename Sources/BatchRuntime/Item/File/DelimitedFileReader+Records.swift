extension DelimitedFileReader where Item == DelimitedRecord {
    /// Creates a reader that returns the records themselves.
    /// - Parameters:
    ///   - name: The key prefix for the saved position.
    ///   - path: The file to read.
    ///   - delimiter: The field separator, a single ASCII character.
    ///   - quote: The quote character, a single ASCII character.
    ///   - header: Whether the first line holds the column names.
    ///   - columnCount: The number of fields every record must have.
    ///   - invalidUTF8: Whether bytes that are not valid UTF-8 fail the read (the default) or are read as U+FFFD.
    ///   - range: Only the records in this part of the file (nil, the default: the whole file).
    public convenience init(
        name: String, path: String, delimiter: Character = ",", quote: Character = "\"",
        header: Bool = true, columnCount: Int? = nil, invalidUTF8: InvalidUTF8Handling = .fail, range: FileRange? = nil
    ) {
        self.init(
            name: name, path: path, delimiter: delimiter, quote: quote, header: header, columnCount: columnCount,
            invalidUTF8: invalidUTF8, range: range, map: { $0 })
    }
}
