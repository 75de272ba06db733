//! Files attached to a meeting: which kinds are taken, found by their
//! content (never by what the sender claims), and file names made safe to
//! store and to send back.

/// The name a file gets when nothing of its own is left.
pub const FALLBACK_NAME: &str = "fichier";

/// The longest name kept, in characters, extension included.
pub const NAME_MAX: usize = 120;

stored_enum! {
    /// Who may see a file.
    pub enum Visibility {
        /// Whoever sees the meeting.
        Public,
        /// Those who answered yes or maybe, those recorded in the
        /// attendance, the organizers.
        Participants,
    }
}

/// A kind of file the club takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::VariantArray)]
pub enum FileKind {
    Pdf,
    Png,
    Jpeg,
    Gif,
    Webp,
    OdtText,
    OdsSpreadsheet,
    OdpPresentation,
    Docx,
    Xlsx,
    Pptx,
    Text,
    Markdown,
    Csv,
}

impl FileKind {
    /// The content type served.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Gif => "image/gif",
            Self::Webp => "image/webp",
            Self::OdtText => "application/vnd.oasis.opendocument.text",
            Self::OdsSpreadsheet => "application/vnd.oasis.opendocument.spreadsheet",
            Self::OdpPresentation => "application/vnd.oasis.opendocument.presentation",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            Self::Text => "text/plain",
            Self::Markdown => "text/markdown",
            Self::Csv => "text/csv",
        }
    }

    /// The kind served with `content_type` (as stored), if any.
    pub fn from_content_type(content_type: &str) -> Option<Self> {
        <Self as strum::VariantArray>::VARIANTS
            .iter()
            .copied()
            .find(|k| k.content_type() == content_type)
    }

    /// The extensions a name of this kind may end with (lower case).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Pdf => &["pdf"],
            Self::Png => &["png"],
            Self::Jpeg => &["jpg", "jpeg"],
            Self::Gif => &["gif"],
            Self::Webp => &["webp"],
            Self::OdtText => &["odt"],
            Self::OdsSpreadsheet => &["ods"],
            Self::OdpPresentation => &["odp"],
            Self::Docx => &["docx"],
            Self::Xlsx => &["xlsx"],
            Self::Pptx => &["pptx"],
            Self::Text => &["txt", "text"],
            Self::Markdown => &["md", "markdown"],
            Self::Csv => &["csv"],
        }
    }

    /// Other names senders give this type (besides `content_type` and
    /// `application/octet-stream`, which says nothing).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Self::Jpeg => &["image/jpg", "image/pjpeg"],
            Self::Pdf => &["application/x-pdf"],
            Self::Png | Self::Gif | Self::Webp => &[],
            Self::OdtText
            | Self::OdsSpreadsheet
            | Self::OdpPresentation
            | Self::Docx
            | Self::Xlsx
            | Self::Pptx => &["application/zip", "application/x-zip-compressed"],
            // browsers name text files many ways; any text/* is taken below
            Self::Csv => &["application/vnd.ms-excel", "application/csv"],
            Self::Text | Self::Markdown => &[],
        }
    }

    /// Whether browsers may show it in place (PDF and images) rather than
    /// save it.
    pub fn inline(self) -> bool {
        matches!(
            self,
            Self::Pdf | Self::Png | Self::Jpeg | Self::Gif | Self::Webp
        )
    }

    /// Plain text of some sort (served with a charset).
    pub fn is_text(self) -> bool {
        matches!(self, Self::Text | Self::Markdown | Self::Csv)
    }

    /// Whether a sender calling the file `claimed` agrees with its content.
    fn accepts_claim(self, claimed: &str) -> bool {
        let claimed = claimed
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        claimed.is_empty()
            || claimed == "application/octet-stream"
            || claimed == self.content_type()
            || self.aliases().contains(&claimed.as_str())
            || (self.is_text() && claimed.starts_with("text/"))
    }
}

/// What the content looks like, before the name picks among text kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    Binary(FileKind),
    Text,
}

/// Why a file is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileProblem {
    /// No file was sent.
    Missing,
    /// The file is empty.
    Empty,
    /// Larger than `max` bytes.
    TooLarge { max: u64 },
    /// Not a kind the club takes.
    NotAllowed,
    /// Its name or claimed type says one kind, its content another.
    Mismatch,
}

/// The kind of a file from its content, checked against its (cleaned)
/// name's extension and the type its sender claimed.
pub fn check(name: &str, claimed: Option<&str>, bytes: &[u8]) -> Result<FileKind, FileProblem> {
    if bytes.is_empty() {
        return Err(FileProblem::Empty);
    }
    let content = detect(bytes).ok_or(FileProblem::NotAllowed)?;
    let extension = extension(name);
    let kind = match content {
        Content::Binary(kind) => kind,
        Content::Text => match extension.as_deref() {
            Some("md" | "markdown") => FileKind::Markdown,
            Some("csv") => FileKind::Csv,
            _ => FileKind::Text,
        },
    };
    if let Some(extension) = &extension
        && !kind.extensions().contains(&extension.as_str())
    {
        return Err(FileProblem::Mismatch);
    }
    if claimed.is_some_and(|c| !kind.accepts_claim(c)) {
        return Err(FileProblem::Mismatch);
    }
    Ok(kind)
}

/// The lower-case extension of a name (`rapport.PDF` → `pdf`), if it has
/// one.
pub fn extension(name: &str) -> Option<String> {
    let (stem, extension) = name.rsplit_once('.')?;
    (!stem.is_empty() && !extension.is_empty()).then(|| extension.to_lowercase())
}

fn detect(bytes: &[u8]) -> Option<Content> {
    let kind = if bytes.starts_with(b"%PDF-") {
        FileKind::Pdf
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        FileKind::Png
    } else if bytes.starts_with(b"\xff\xd8\xff") {
        FileKind::Jpeg
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        FileKind::Gif
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        FileKind::Webp
    } else if bytes.starts_with(b"PK\x03\x04") {
        return office(bytes).map(Content::Binary);
    } else {
        let text = !bytes.contains(&0) && std::str::from_utf8(bytes).is_ok();
        return text.then_some(Content::Text);
    };
    Some(Content::Binary(kind))
}

/// One local file header of a zip archive at `at`: its name, its method,
/// and where its data starts and (by the header's size) ends.
fn local_header(bytes: &[u8], at: usize) -> Option<(&[u8], u16, usize, usize)> {
    let header = bytes.get(at..at + 30)?;
    if !header.starts_with(b"PK\x03\x04") {
        return None;
    }
    let u16_at = |i: usize| u16::from_le_bytes([header[i], header[i + 1]]);
    let method = u16_at(8);
    let compressed = u32::from_le_bytes([header[18], header[19], header[20], header[21]]) as usize;
    let name_len = usize::from(u16_at(26));
    let extra_len = usize::from(u16_at(28));
    let name_start = at + 30;
    let name = bytes.get(name_start..name_start + name_len)?;
    let data = name_start + name_len + extra_len;
    Some((name, method, data, data.saturating_add(compressed)))
}

/// An OpenDocument file (its first entry is `mimetype`, stored, naming
/// the type) or an Office Open XML one (entries under `word/`, `xl/` or
/// `ppt/`); any other zip archive is not taken.
fn office(bytes: &[u8]) -> Option<FileKind> {
    let (name, method, start, end) = local_header(bytes, 0)?;
    if name == b"mimetype" {
        if method != 0 {
            return None;
        }
        let declared = bytes.get(start..end)?;
        return match declared {
            b"application/vnd.oasis.opendocument.text" => Some(FileKind::OdtText),
            b"application/vnd.oasis.opendocument.spreadsheet" => Some(FileKind::OdsSpreadsheet),
            b"application/vnd.oasis.opendocument.presentation" => Some(FileKind::OdpPresentation),
            _ => None,
        };
    }
    // A light scan of every local header: their sizes may be left to a data
    // descriptor, so look for each signature rather than walk from one
    // header to the next.
    let mut found = None;
    let mut at = 0;
    while let Some(offset) = find(&bytes[at..], b"PK\x03\x04") {
        let here = at + offset;
        if let Some((name, ..)) = local_header(bytes, here) {
            let kind = if name.starts_with(b"word/") {
                Some(FileKind::Docx)
            } else if name.starts_with(b"xl/") {
                Some(FileKind::Xlsx)
            } else if name.starts_with(b"ppt/") {
                Some(FileKind::Pptx)
            } else {
                None
            };
            match (found, kind) {
                (_, None) => {}
                (None, Some(kind)) => found = Some(kind),
                (Some(before), Some(kind)) if before == kind => {}
                // entries of two kinds: not a document we can name
                (Some(_), Some(_)) => return None,
            }
        }
        at = here + 4;
    }
    found
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A file name safe to store and to send back: its last path component,
/// without control characters or quotes, without leading or trailing dots
/// and spaces, at most [`NAME_MAX`] characters with its extension kept;
/// [`FALLBACK_NAME`] when nothing is left.
pub fn clean_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let kept: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\'' | '`'))
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let trimmed = kept.trim_matches(['.', ' ']);
    let name = if trimmed.chars().count() <= NAME_MAX {
        trimmed.to_owned()
    } else {
        let (stem, extension) = match trimmed.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() && ext.chars().count() <= 16 => {
                (stem, format!(".{ext}"))
            }
            _ => (trimmed, String::new()),
        };
        let room = NAME_MAX - extension.chars().count();
        let stem: String = stem.chars().take(room).collect();
        let stem = stem.trim_end_matches(['.', ' ']);
        format!("{stem}{extension}")
    };
    if name.is_empty() {
        FALLBACK_NAME.to_owned()
    } else {
        name
    }
}

/// The SHA-256 of the bytes in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A zip archive's local header for `name` holding `data`, stored.
    fn entry(name: &str, data: &[u8]) -> Vec<u8> {
        let mut out = b"PK\x03\x04".to_vec();
        out.extend([20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let size = (data.len() as u32).to_le_bytes();
        out.extend(size);
        out.extend(size);
        out.extend((name.len() as u16).to_le_bytes());
        out.extend([0, 0]);
        out.extend(name.as_bytes());
        out.extend(data);
        out
    }

    #[test]
    fn kinds_are_found_by_their_content() {
        assert_eq!(check("a.pdf", None, b"%PDF-1.4\n..."), Ok(FileKind::Pdf));
        assert_eq!(
            check("a.png", Some("image/png"), b"\x89PNG\r\n\x1a\n...."),
            Ok(FileKind::Png)
        );
        assert_eq!(
            check("a.JPG", None, b"\xff\xd8\xff\xe0"),
            Ok(FileKind::Jpeg)
        );
        assert_eq!(check("a.gif", None, b"GIF89a..."), Ok(FileKind::Gif));
        assert_eq!(
            check("a.webp", None, b"RIFF\0\0\0\0WEBPVP8 "),
            Ok(FileKind::Webp)
        );
        let odp = entry(
            "mimetype",
            b"application/vnd.oasis.opendocument.presentation",
        );
        assert_eq!(check("s.odp", None, &odp), Ok(FileKind::OdpPresentation));
        let mut docx = entry("[Content_Types].xml", b"<Types/>");
        docx.extend(entry("word/document.xml", b"<w:document/>"));
        assert_eq!(check("r.docx", None, &docx), Ok(FileKind::Docx));
        let xlsx = entry("xl/workbook.xml", b"<workbook/>");
        assert_eq!(
            check("t.xlsx", Some("application/zip"), &xlsx),
            Ok(FileKind::Xlsx)
        );
        assert_eq!(
            check("notes.md", None, "# Titre é".as_bytes()),
            Ok(FileKind::Markdown)
        );
        assert_eq!(
            check("t.csv", Some("text/csv"), b"a;b\n1;2\n"),
            Ok(FileKind::Csv)
        );
        assert_eq!(check("notes", None, b"plain"), Ok(FileKind::Text));
    }

    #[test]
    fn content_that_disagrees_with_the_name_or_claim_is_refused() {
        assert_eq!(
            check("a.pdf", None, b"\x89PNG\r\n\x1a\n"),
            Err(FileProblem::Mismatch)
        );
        assert_eq!(
            check("a.png", Some("application/pdf"), b"\x89PNG\r\n\x1a\n"),
            Err(FileProblem::Mismatch)
        );
        assert_eq!(
            check("page.html", None, b"<script>alert(1)</script>"),
            Err(FileProblem::Mismatch)
        );
        assert_eq!(
            check("a.txt", Some("application/pdf"), b"hello"),
            Err(FileProblem::Mismatch)
        );
        let odt = entry("mimetype", b"application/vnd.oasis.opendocument.text");
        assert_eq!(check("a.ods", None, &odt), Err(FileProblem::Mismatch));
        assert_eq!(
            check("a.bin", None, b"\0\x01\x02"),
            Err(FileProblem::NotAllowed)
        );
        assert_eq!(
            check("a.zip", None, &entry("x/y.txt", b"y")),
            Err(FileProblem::NotAllowed)
        );
        assert_eq!(check("a.txt", None, b""), Err(FileProblem::Empty));
        assert_eq!(
            check("a.txt", None, b"\xff\xfe"),
            Err(FileProblem::NotAllowed)
        );
    }

    #[test]
    fn names_are_cleaned() {
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(
            clean_name("C:\\Users\\moi\\rapport final.pdf"),
            "rapport final.pdf"
        );
        assert_eq!(clean_name("a\u{0}b\u{7}\u{1b}c\"d'e.txt"), "abcde.txt");
        assert_eq!(clean_name("  ..slides.pdf.. "), "slides.pdf");
        assert_eq!(clean_name("../"), FALLBACK_NAME);
        assert_eq!(clean_name("..."), FALLBACK_NAME);
        assert_eq!(clean_name("<script>x</script>.txt"), "script>.txt");
        let long = format!("{}.pdf", "é".repeat(300));
        let cleaned = clean_name(&long);
        assert_eq!(cleaned.chars().count(), NAME_MAX);
        assert!(cleaned.ends_with("é.pdf"));
    }

    #[test]
    fn the_hash_is_lower_case_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
