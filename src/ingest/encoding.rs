//! Text encodings of exports: detected from the first bytes of a file (a
//! byte-order mark, else whether the bytes are mostly valid UTF-8), overridable with
//! `--encoding`, and transcoded to UTF-8 as the file streams, never read whole.

use std::io::{BufReader, Read};

use encoding_rs_io::DecodeReaderBytesBuilder;

/// An encoding rapport reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextEncoding {
    Utf8,
    /// Excel's "Unicode Text" (tab-separated) and many Windows tools.
    Utf16Le,
    Utf16Be,
    /// What Excel writes as "CSV" on a Western European or US Windows; read for
    /// any file whose bytes are not valid UTF-8 (ISO-8859-1 is a subset of it).
    Windows1252,
}

impl TextEncoding {
    pub const ALL: [TextEncoding; 4] = [
        TextEncoding::Utf8,
        TextEncoding::Utf16Le,
        TextEncoding::Utf16Be,
        TextEncoding::Windows1252,
    ];

    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Utf16Le => "utf-16le",
            TextEncoding::Utf16Be => "utf-16be",
            TextEncoding::Windows1252 => "windows-1252",
        }
    }

    /// A name as a person types it: `utf8`, `UTF-16LE`, `latin1`, `cp1252`.
    pub fn from_name(name: &str) -> Option<TextEncoding> {
        let n: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match n.as_str() {
            "utf8" => Some(TextEncoding::Utf8),
            "utf16" | "utf16le" | "unicode" => Some(TextEncoding::Utf16Le),
            "utf16be" => Some(TextEncoding::Utf16Be),
            "windows1252" | "cp1252" | "latin1" | "iso88591" | "ansi" => {
                Some(TextEncoding::Windows1252)
            }
            _ => None,
        }
    }

    fn encoding_rs(self) -> &'static encoding_rs::Encoding {
        match self {
            TextEncoding::Utf8 => encoding_rs::UTF_8,
            TextEncoding::Utf16Le => encoding_rs::UTF_16LE,
            TextEncoding::Utf16Be => encoding_rs::UTF_16BE,
            TextEncoding::Windows1252 => encoding_rs::WINDOWS_1252,
        }
    }
}

/// The encoding of a file from its first bytes, and the length of its
/// byte-order mark (0 without one).
pub fn detect(head: &[u8]) -> (TextEncoding, usize) {
    match head {
        [0xEF, 0xBB, 0xBF, ..] => return (TextEncoding::Utf8, 3),
        [0xFF, 0xFE, ..] => return (TextEncoding::Utf16Le, 2),
        [0xFE, 0xFF, ..] => return (TextEncoding::Utf16Be, 2),
        _ => {}
    }
    // UTF-16 without a mark: ASCII text has a zero in every other byte.
    let pairs = head.len().min(512) / 2;
    if pairs >= 4 {
        let zeros_at = |odd: usize| (0..pairs).filter(|i| head[2 * i + odd] == 0).count();
        if zeros_at(1) * 10 >= pairs * 9 && zeros_at(0) == 0 {
            return (TextEncoding::Utf16Le, 0);
        }
        if zeros_at(0) * 10 >= pairs * 9 && zeros_at(1) == 0 {
            return (TextEncoding::Utf16Be, 0);
        }
    }
    // Valid multi-byte characters against bytes that are not UTF-8: a stray
    // Windows-1252 byte in a UTF-8 file does not turn its every accent into two
    // characters, and a Windows-1252 file (whose accents are never valid UTF-8)
    // is still read as one. The rows with the stray bytes are flagged as read.
    let (valid, invalid) = utf8_tally(head);
    if invalid == 0 || valid > invalid {
        (TextEncoding::Utf8, 0)
    } else {
        (TextEncoding::Windows1252, 0)
    }
}

/// Multi-byte UTF-8 characters and invalid byte runs in a sample; a character
/// cut by the end of the sample is not counted as invalid.
fn utf8_tally(head: &[u8]) -> (usize, usize) {
    let mut valid = 0;
    let mut invalid = 0;
    let mut chunks = head.utf8_chunks().peekable();
    while let Some(chunk) = chunks.next() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        let bad = chunk.invalid();
        let last = chunks.peek().is_none();
        let cut_at_end = last && bad.len() < 4 && bad.first().is_some_and(|&b| b >= 0xC2);
        if !bad.is_empty() && !cut_at_end {
            invalid += 1;
        }
    }
    (valid, invalid)
}

/// Decodes a sample (the head of a file) to text, without its byte-order mark.
pub fn decode_sample(head: &[u8], encoding: TextEncoding) -> String {
    let (enc, bom) = detect(head);
    let body = if bom > 0 && enc == encoding {
        &head[bom..]
    } else {
        head
    };
    let (text, _) = encoding.encoding_rs().decode_without_bom_handling(body);
    let text = text.into_owned();
    // A sample may end in the middle of a character; drop the replacement it became.
    match text.strip_suffix('\u{FFFD}') {
        Some(t) if encoding != TextEncoding::Windows1252 => t.to_string(),
        _ => text,
    }
}

/// A file as a stream of UTF-8 bytes. UTF-8 files are read as they are (the csv
/// reader skips a UTF-8 byte-order mark); other encodings are transcoded as they
/// are read.
pub fn utf8_stream(file: impl Read + 'static, encoding: TextEncoding) -> Box<dyn Read> {
    match encoding {
        TextEncoding::Utf8 => Box::new(BufReader::with_capacity(1 << 16, file)),
        other => Box::new(
            DecodeReaderBytesBuilder::new()
                .encoding(Some(other.encoding_rs()))
                .bom_override(true)
                .build(BufReader::with_capacity(1 << 16, file)),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        for u in s.encode_utf16() {
            out.extend_from_slice(&u.to_le_bytes());
        }
        out
    }

    #[test]
    fn byte_order_marks_decide() {
        assert_eq!(detect(b"\xEF\xBB\xBFId,Name"), (TextEncoding::Utf8, 3));
        assert_eq!(
            detect(&utf16le("Id\tName", true)),
            (TextEncoding::Utf16Le, 2)
        );
        assert_eq!(detect(b"\xFE\xFF\x00I\x00d"), (TextEncoding::Utf16Be, 2));
    }

    #[test]
    fn utf16_without_a_mark_is_seen_from_its_zero_bytes() {
        assert_eq!(
            detect(&utf16le("Id\tName\r\n", false)).0,
            TextEncoding::Utf16Le
        );
        let be: Vec<u8> = "Id\tName\r\n"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(detect(&be).0, TextEncoding::Utf16Be);
    }

    #[test]
    fn invalid_utf8_is_windows_1252() {
        assert_eq!(detect("Müller;Größe".as_bytes()).0, TextEncoding::Utf8);
        assert_eq!(
            detect(b"M\xFCller;Gr\xF6\xDFe").0,
            TextEncoding::Windows1252
        );
        // A multi-byte character cut by the end of the sample is still UTF-8.
        assert_eq!(detect(b"Id,Name\nM\xC3").0, TextEncoding::Utf8);
        // One stray byte among valid accents does not make the file Windows-1252.
        assert_eq!(
            detect("Caf\u{e9},M\u{fc}ller,G\u{f6}\u{df}e\n".as_bytes()).0,
            TextEncoding::Utf8
        );
        let mut mixed = b"Name\nCaf\xE9\n".to_vec();
        mixed.extend_from_slice("Caf\u{e9}\nM\u{fc}ller\n".as_bytes());
        assert_eq!(detect(&mixed).0, TextEncoding::Utf8);
    }

    #[test]
    fn samples_decode_to_text() {
        assert_eq!(
            decode_sample(b"M\xFCller;\x80 5", TextEncoding::Windows1252),
            "Müller;€ 5"
        );
        assert_eq!(
            decode_sample(&utf16le("Id\tName", true), TextEncoding::Utf16Le),
            "Id\tName"
        );
        assert_eq!(decode_sample(b"\xEF\xBB\xBFId", TextEncoding::Utf8), "Id");
    }

    #[test]
    fn streams_transcode_as_they_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.txt");
        std::fs::write(&path, utf16le("Id\tName\r\n1\tMüller\r\n", true)).unwrap();
        let mut text = String::new();
        utf8_stream(std::fs::File::open(&path).unwrap(), TextEncoding::Utf16Le)
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "Id\tName\r\n1\tMüller\r\n");
        std::fs::write(&path, b"Name\nM\xFCller\n").unwrap();
        let mut text = String::new();
        utf8_stream(
            std::fs::File::open(&path).unwrap(),
            TextEncoding::Windows1252,
        )
        .read_to_string(&mut text)
        .unwrap();
        assert_eq!(text, "Name\nMüller\n");
    }

    #[test]
    fn names_as_people_type_them() {
        assert_eq!(TextEncoding::from_name("UTF-8"), Some(TextEncoding::Utf8));
        assert_eq!(
            TextEncoding::from_name("latin1"),
            Some(TextEncoding::Windows1252)
        );
        assert_eq!(
            TextEncoding::from_name("utf16le"),
            Some(TextEncoding::Utf16Le)
        );
        assert_eq!(TextEncoding::from_name("ebcdic"), None);
        for e in TextEncoding::ALL {
            assert_eq!(TextEncoding::from_name(e.name()), Some(e));
        }
    }
}
