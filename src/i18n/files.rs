//! Words: files attached to a meeting.

use crate::domain::Lang;
use crate::domain::files::{FileKind, FileProblem, Visibility};

crate::i18n::texts! {
    /// Words: files attached to a meeting.
    pub struct Files {
        documents: "Documents"
            / "Documents",
        none: "Aucun document n'est joint à cette réunion."
            / "No document is attached to this meeting.",
        name: "Nom"
            / "Name",
        size: "Taille"
            / "Size",
        kind: "Type"
            / "Type",
        visibility: "Visible par"
            / "Seen by",
        upload_heading: "Joindre un document"
            / "Attach a document",
        file_label: "Fichier"
            / "File",
        upload: "Joindre le document"
            / "Attach the document",
        delete: "Supprimer"
            / "Delete",
        added: "Document joint."
            / "Document attached.",
        deleted: "Document supprimé."
            / "Document deleted.",
        upload_failed: "Le document n'a pas été joint :"
            / "The document was not attached:",
    }
}

impl Lang {
    /// Who may see a file.
    pub fn file_visibility(self, visibility: Visibility) -> &'static str {
        match visibility {
            Visibility::Public => self.pick("tout le monde", "everyone"),
            Visibility::Participants => {
                self.pick("les participants seulement", "the participants only")
            }
        }
    }

    /// A kind of file, as people call it.
    pub fn file_kind(self, kind: FileKind) -> &'static str {
        match kind {
            FileKind::Pdf => "PDF",
            FileKind::Png => self.pick("image PNG", "PNG image"),
            FileKind::Jpeg => self.pick("image JPEG", "JPEG image"),
            FileKind::Gif => self.pick("image GIF", "GIF image"),
            FileKind::Webp => self.pick("image WebP", "WebP image"),
            FileKind::OdtText => self.pick("texte OpenDocument", "OpenDocument text"),
            FileKind::OdsSpreadsheet => {
                self.pick("classeur OpenDocument", "OpenDocument spreadsheet")
            }
            FileKind::OdpPresentation => {
                self.pick("présentation OpenDocument", "OpenDocument presentation")
            }
            FileKind::Docx => self.pick("document Word", "Word document"),
            FileKind::Xlsx => self.pick("classeur Excel", "Excel spreadsheet"),
            FileKind::Pptx => self.pick("présentation PowerPoint", "PowerPoint presentation"),
            FileKind::Text => self.pick("texte", "text"),
            FileKind::Markdown => self.pick("texte Markdown", "Markdown text"),
            FileKind::Csv => self.pick("tableau CSV", "CSV table"),
        }
    }

    /// A size in bytes, in units people read: `512 octets`, `12,5 Kio`,
    /// `3,2 Mio` (`12.5 KiB` in English).
    pub fn file_size(self, bytes: u64) -> String {
        const KIB: u64 = 1024;
        const MIB: u64 = 1024 * 1024;
        let (value, unit) = if bytes < KIB {
            return match self {
                Self::Fr if bytes < 2 => format!("{bytes} octet"),
                Self::Fr => format!("{bytes} octets"),
                Self::En if bytes == 1 => "1 byte".to_owned(),
                Self::En => format!("{bytes} bytes"),
            };
        } else if bytes < MIB {
            (bytes as f64 / KIB as f64, self.pick("Kio", "KiB"))
        } else {
            (bytes as f64 / MIB as f64, self.pick("Mio", "MiB"))
        };
        // one decimal below 100, none above; a whole number shows none
        let text = if value < 100.0 && (value * 10.0).round() % 10.0 != 0.0 {
            format!("{value:.1}")
        } else {
            format!("{value:.0}")
        };
        let text = match self {
            Self::Fr => text.replace('.', ","),
            Self::En => text,
        };
        format!("{text}\u{a0}{unit}")
    }

    /// What the upload form says about the files taken.
    pub fn file_help(self, max_bytes: u64) -> String {
        let max = self.file_size(max_bytes);
        match self {
            Self::Fr => format!(
                "PDF, document bureautique (OpenDocument, Word, Excel, PowerPoint), image (PNG, JPEG, GIF, WebP) ou texte (TXT, Markdown, CSV) ; {max} au plus."
            ),
            Self::En => format!(
                "PDF, office document (OpenDocument, Word, Excel, PowerPoint), image (PNG, JPEG, GIF, WebP) or text (TXT, Markdown, CSV); at most {max}."
            ),
        }
    }

    /// Why a file is refused.
    pub fn file_problem(self, problem: FileProblem) -> String {
        match problem {
            FileProblem::Missing => self
                .pick("choisissez un fichier", "choose a file")
                .to_owned(),
            FileProblem::Empty => self
                .pick("ce fichier est vide", "this file is empty")
                .to_owned(),
            FileProblem::TooLarge { max } => {
                let max = self.file_size(max);
                self.pick(
                    format!("ce fichier dépasse la taille permise ({max} au plus)"),
                    format!("this file is larger than allowed (at most {max})"),
                )
            }
            FileProblem::NotAllowed => self
                .pick(
                    "ce type de fichier n'est pas accepté : PDF, document bureautique, image ou texte",
                    "this type of file is not taken: PDF, office document, image or text",
                )
                .to_owned(),
            FileProblem::Mismatch => self
                .pick(
                    "le contenu de ce fichier ne correspond pas à son type",
                    "the content of this file does not match its type",
                )
                .to_owned(),
        }
    }

    /// A visibility that is neither `public` nor `participants`.
    pub fn file_visibility_expected(self) -> &'static str {
        self.pick(
            "choisissez public ou participants",
            "choose public or participants",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_each_language() {
        assert_eq!(Lang::Fr.file_size(512), "512 octets");
        assert_eq!(Lang::En.file_size(1), "1 byte");
        assert_eq!(Lang::Fr.file_size(12_800), "12,5\u{a0}Kio");
        assert_eq!(Lang::En.file_size(12_800), "12.5\u{a0}KiB");
        assert_eq!(Lang::Fr.file_size(20 * 1024 * 1024), "20\u{a0}Mio");
        assert_eq!(Lang::En.file_size(3 * 1024 * 1024 / 2), "1.5\u{a0}MiB");
        assert_eq!(Lang::Fr.file_size(2048), "2\u{a0}Kio");
    }
}
