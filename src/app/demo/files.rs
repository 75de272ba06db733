//! The two files of the December 2017 session that its report names as
//! annexed: the session's slides and the Publik 2020 workshop's. The
//! originals are not ours to ship; small PDFs stand in for them, made here.

use chrono::NaiveDateTime;

use crate::db::DbConn;
use crate::db::files::{self, MeetingFileInsertForm};
use crate::domain::code;
use crate::domain::error::AppError;
use crate::domain::files::{Visibility, check, sha256_hex};

/// The report's files: name and the lines of the one page standing in.
const DECEMBER_2017: [(&str, &[&str]); 2] = [
    (
        "Club Publik, réunion 2017-12-07.pdf",
        &[
            "Club utilisateurs Publik - réunion du 7 décembre 2017",
            "Les Interconnectés, Lyon",
            "Orientation des évolutions : souhaits des utilisateurs",
            "et évolutions envisagées par Entr'ouvert.",
        ],
    ),
    (
        "20171207-II-publik-2020-interconnectes.pdf",
        &[
            "Publik 2020",
            "Atelier des Interconnectés, 7 décembre 2017",
            "Projets envisagés à moyen terme par Entr'ouvert.",
        ],
    ),
];

/// A one-page PDF (A4 landscape, Helvetica) showing `lines`, the first as
/// a title. Characters outside Latin-1 become `?`.
pub fn one_page_pdf(lines: &[&str]) -> Vec<u8> {
    let mut text = Vec::new();
    text.extend_from_slice(b"BT\n/F1 26 Tf\n60 500 Td\n");
    for (i, line) in lines.iter().enumerate() {
        if i == 1 {
            text.extend_from_slice(b"/F1 16 Tf\n0 -48 Td\n");
        } else if i > 1 {
            text.extend_from_slice(b"0 -26 Td\n");
        }
        text.push(b'(');
        for c in line.chars() {
            match c {
                '(' | ')' | '\\' => {
                    text.push(b'\\');
                    text.push(c as u8);
                }
                c => text.push(u8::try_from(u32::from(c)).unwrap_or(b'?')),
            }
        }
        text.extend_from_slice(b") Tj\n");
    }
    text.extend_from_slice(b"ET\n");

    let mut pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    let objects: [Vec<u8>; 5] = [
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
        {
            let mut stream = format!("<< /Length {} >>\nstream\n", text.len()).into_bytes();
            stream.extend_from_slice(&text);
            stream.extend_from_slice(b"endstream");
            stream
        },
    ];
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        pdf.extend_from_slice(object);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

/// Attaches the December 2017 files, public, filed by `by` at `at`,
/// unless they are there already.
pub fn load_december_2017_files(
    conn: &mut DbConn,
    meeting_id: &str,
    by: &str,
    at: NaiveDateTime,
) -> Result<(), AppError> {
    for (i, (name, lines)) in DECEMBER_2017.iter().enumerate() {
        let id = super::demo_id(&format!("file:december-2017:{i}"));
        if files::find(conn, meeting_id, &id)?.is_some() {
            continue;
        }
        let bytes = one_page_pdf(lines);
        let kind = check(name, None, &bytes)
            .map_err(|e| AppError::internal(format!("demo file {name}: {e:?}")))?;
        files::insert(
            conn,
            &MeetingFileInsertForm {
                id: &id,
                meeting_id,
                name,
                content_type: kind.content_type(),
                size_bytes: i64::try_from(bytes.len()).unwrap_or_default(),
                sha256: &sha256_hex(&bytes),
                visibility: code(Visibility::Public),
                bytes: &bytes,
                uploaded_by: Some(by),
                // a moment apart, in the report's order
                created_at: at + chrono::Duration::seconds(i64::try_from(i).unwrap_or_default()),
            },
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stand_in_pdf_is_well_formed() {
        let pdf = one_page_pdf(&["Titre (é)", "ligne"]);
        assert!(pdf.starts_with(b"%PDF-1.4"));
        let text = String::from_utf8_lossy(&pdf);
        // every xref offset points at its object
        let xref = text.find("\nxref\n").expect("xref") + 1;
        let start: usize = text[text.rfind("startxref\n").expect("startxref") + 10..]
            .lines()
            .next()
            .and_then(|l| l.parse().ok())
            .expect("startxref offset");
        assert_eq!(
            start,
            pdf.windows(6).position(|w| w == b"\nxref\n").expect("xref") + 1
        );
        for (n, line) in text[xref..].lines().skip(3).take(5).enumerate() {
            let offset: usize = line[..10].parse().expect("an offset");
            assert!(pdf[offset..].starts_with(format!("{} 0 obj", n + 1).as_bytes()));
        }
        assert!(pdf.windows(6).any(|w| w == b"(Titre"));
    }
}
