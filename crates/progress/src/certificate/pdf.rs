//! The certificate as a one-page PDF, written directly: an A4 landscape page, text in DejaVu
//! Serif (embedded in the binary and in the file, WinAnsi encoded), and a QR code of the public
//! verify URL drawn as squares. Small, dependency-light, and the same bytes for the same data.

use std::io::Write;
use std::sync::OnceLock;

use flate2::Compression;
use flate2::write::ZlibEncoder;
use qrcode::{Color, QrCode};

/// DejaVu Serif (Bitstream Vera licence, see `assets/DejaVu-LICENSE.txt`).
static FONT: &[u8] = include_bytes!("../../assets/DejaVuSerif.ttf");

const WIDTH: f64 = 842.0;
const HEIGHT: f64 = 595.0;

/// What a certificate says.
pub struct CertificateText {
    pub issuer: String,
    pub number: String,
    pub learner_name: String,
    pub nip: Option<String>,
    pub rank: Option<String>,
    pub position: Option<String>,
    pub agency: Option<String>,
    pub course_title: String,
    pub dates: String,
    pub jp: i32,
    pub verify_url: String,
    pub code: String,
}

/// The font's widths and compressed bytes, worked out once per process.
static WIDTHS: OnceLock<Vec<f64>> = OnceLock::new();
static DEFLATED_FONT: OnceLock<Vec<u8>> = OnceLock::new();

/// Advance widths (per 1000 em) of WinAnsi codes 32..=255, from the embedded font.
fn widths() -> Vec<f64> {
    let Ok(face) = ttf_parser::Face::parse(FONT, 0) else { return vec![500.0; 224] };
    let per_em = f64::from(face.units_per_em().max(1));
    (32u8..=255)
        .map(|code| {
            let c = char::from(code);
            face.glyph_index(c)
                .and_then(|g| face.glyph_hor_advance(g))
                .map_or(500.0, |w| (f64::from(w) * 1000.0 / per_em).round())
        })
        .collect()
}

/// Text as WinAnsi bytes (Latin-1 for the Indonesian alphabet and accents; `?` otherwise).
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match u32::from(c) {
            code @ (32..=126 | 160..=255) => u8::try_from(code).unwrap_or(b'?'),
            _ => b'?',
        })
        .collect()
}

fn literal(bytes: &[u8]) -> Vec<u8> {
    let mut out = vec![b'('];
    for b in bytes {
        if matches!(b, b'(' | b')' | b'\\') {
            out.push(b'\\');
        }
        out.push(*b);
    }
    out.push(b')');
    out
}

struct Page {
    content: Vec<u8>,
    widths: Vec<f64>,
}

impl Page {
    fn text_width(&self, bytes: &[u8], size: f64) -> f64 {
        bytes.iter().map(|b| self.widths.get(usize::from(b.saturating_sub(32))).copied().unwrap_or(500.0)).sum::<f64>()
            * size
            / 1000.0
    }

    fn text(&mut self, text: &str, size: f64, x: f64, y: f64) {
        let bytes = win_ansi(text);
        let _ = write!(self.content, "BT /F1 {size:.1} Tf {x:.2} {y:.2} Td ");
        self.content.extend(literal(&bytes));
        self.content.extend(b" Tj ET\n");
    }

    /// Text centred on the page, shrunk until it fits the margins.
    fn centered(&mut self, text: &str, size: f64, y: f64) {
        let bytes = win_ansi(text);
        let mut size = size;
        while size > 8.0 && self.text_width(&bytes, size) > WIDTH - 120.0 {
            size -= 1.0;
        }
        let x = (WIDTH - self.text_width(&bytes, size)) / 2.0;
        self.text(text, size, x, y);
    }

    fn qr(&mut self, data: &str, x: f64, y: f64, size: f64) {
        let Ok(code) = QrCode::new(data.as_bytes()) else { return };
        let modules = code.width();
        let colors = code.to_colors();
        let cell = size / modules as f64;
        self.content.extend(b"0 g\n");
        for (index, color) in colors.iter().enumerate() {
            if *color == Color::Dark {
                let (column, row) = (index % modules, index / modules);
                let _ = writeln!(
                    self.content,
                    "{:.2} {:.2} {cell:.2} {cell:.2} re f",
                    x + column as f64 * cell,
                    y + size - (row + 1) as f64 * cell
                );
            }
        }
    }
}

fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
    if encoder.write_all(bytes).is_err() {
        return Vec::new();
    }
    encoder.finish().unwrap_or_default()
}

/// The certificate PDF.
pub fn render(text: &CertificateText) -> Vec<u8> {
    let mut page = Page { content: Vec::new(), widths: WIDTHS.get_or_init(widths).clone() };
    page.content.extend(b"0.55 0.42 0.12 RG 3 w 24 24 794 547 re S 0.5 w 32 32 778 531 re S\n0 g\n");
    page.centered(&text.issuer.to_uppercase(), 14.0, 520.0);
    page.centered("SURAT TANDA TAMAT PELATIHAN", 26.0, 478.0);
    page.centered(&format!("Nomor: {}", text.number), 11.0, 456.0);
    page.centered("diberikan kepada", 12.0, 420.0);
    page.centered(&text.learner_name, 24.0, 388.0);
    let mut y = 356.0;
    for (label, value) in [
        ("NIP", text.nip.as_deref()),
        ("Pangkat/Golongan", text.rank.as_deref()),
        ("Jabatan", text.position.as_deref()),
        ("Instansi", text.agency.as_deref()),
    ] {
        page.text(label, 11.0, 250.0, y);
        page.text(&format!(": {}", value.unwrap_or("-")), 11.0, 370.0, y);
        y -= 17.0;
    }
    page.centered("telah mengikuti dan menyelesaikan pelatihan", 12.0, 270.0);
    page.centered(&text.course_title, 18.0, 244.0);
    page.centered(&format!("{} ({} JP)", text.dates, text.jp), 12.0, 222.0);
    page.qr(&text.verify_url, 60.0, 60.0, 110.0);
    page.text("Verifikasi keaslian:", 9.0, 180.0, 110.0);
    page.text(&text.verify_url, 9.0, 180.0, 96.0);
    page.text(&format!("Kode: {}", text.code), 9.0, 180.0, 82.0);
    page.text(&format!("Diterbitkan oleh {}", text.issuer), 10.0, 520.0, 96.0);

    let font = DEFLATED_FONT.get_or_init(|| deflate(FONT));
    let widths = page.widths.iter().map(|w| format!("{w:.0}")).collect::<Vec<_>>().join(" ");
    let (ascent, descent, bbox) =
        ttf_parser::Face::parse(FONT, 0).map_or((928, -236, [-770, -347, 2105, 1109]), |face| {
            let per_em = f64::from(face.units_per_em().max(1));
            let scale = |v: i16| (f64::from(v) * 1000.0 / per_em).round() as i32;
            let b = face.global_bounding_box();
            (
                scale(face.ascender()),
                scale(face.descender()),
                [scale(b.x_min), scale(b.y_min), scale(b.x_max), scale(b.y_max)],
            )
        });
    let mut objects: Vec<Vec<u8>> = Vec::new();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    objects.push(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec());
    objects.push(
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {WIDTH} {HEIGHT}] /Resources << /Font << /F1 4 0 R >> >> /Contents 7 0 R >>")
            .into_bytes(),
    );
    objects.push(
        format!("<< /Type /Font /Subtype /TrueType /BaseFont /DejaVuSerif /FirstChar 32 /LastChar 255 /Widths [{widths}] /Encoding /WinAnsiEncoding /FontDescriptor 5 0 R >>")
            .into_bytes(),
    );
    objects.push(
        format!(
            "<< /Type /FontDescriptor /FontName /DejaVuSerif /Flags 34 /FontBBox [{} {} {} {}] /ItalicAngle 0 /Ascent {ascent} /Descent {descent} /CapHeight {ascent} /StemV 80 /FontFile2 6 0 R >>",
            bbox[0], bbox[1], bbox[2], bbox[3]
        )
        .into_bytes(),
    );
    let mut font_object =
        format!("<< /Length {} /Length1 {} /Filter /FlateDecode >>\nstream\n", font.len(), FONT.len()).into_bytes();
    font_object.extend(font);
    font_object.extend(b"\nendstream");
    objects.push(font_object);
    let mut content_object = format!("<< /Length {} >>\nstream\n", page.content.len()).into_bytes();
    content_object.extend(&page.content);
    content_object.extend(b"\nendstream");
    objects.push(content_object);
    let mut title = b"<< /Title ".to_vec();
    title.extend(literal(&win_ansi(&format!("STTP {} - {}", text.number, text.learner_name))));
    title.extend(b" /Producer (Latih) >>");
    objects.push(title);

    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (index, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", index + 1).into_bytes());
        out.extend(object);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").into_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info {} 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1,
            objects.len()
        )
        .into_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::{CertificateText, render};

    #[test]
    fn the_pdf_has_its_objects_font_and_text() {
        let pdf = render(&CertificateText {
            issuer: "Pemerintah Kota Kupang".into(),
            number: "STTP/PEMKOT-KUPANG/2026/7KQ2-MX9D-4TRW".into(),
            learner_name: "Maria Fernández".into(),
            nip: Some("198503122010012003".into()),
            rank: Some("III/c".into()),
            position: Some("Analis Kebijakan".into()),
            agency: Some("Pemerintah Kota Kupang".into()),
            course_title: "Pelayanan Publik (Prima)".into(),
            dates: "2 s.d. 20 November 2026".into(),
            jp: 10,
            verify_url: "https://latih.example/api/v1/certificates/verify/7KQ2-MX9D-4TRW".into(),
            code: "7KQ2-MX9D-4TRW".into(),
        });
        assert!(pdf.starts_with(b"%PDF-1.7"));
        assert!(pdf.ends_with(b"%%EOF\n"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/FontFile2 6 0 R"));
        assert!(text.contains("(Pelayanan Publik \\(Prima\\))"), "parentheses are escaped");
        assert!(pdf.windows(b"Maria Fern\xe1ndez".len()).any(|w| w == b"Maria Fern\xe1ndez"), "WinAnsi name");
    }
}
