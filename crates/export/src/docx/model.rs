//! The document the report code fills: header fields, body blocks, signature, recipients and
//! the few layout choices the decree leaves open.

use crate::table::Table;

/// An official document (báo cáo, kế hoạch, tờ trình, công văn…) in the NĐ 30/2020 format.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OfficialDocument {
    /// Direct parent authority (cơ quan chủ quản), e.g. "UBND TỈNH HÀ TĨNH"; empty for none.
    /// Written in upper case; `\n` splits it over lines.
    pub issuer_parent: String,
    /// Issuing agency (cơ quan ban hành), e.g. "SỞ NỘI VỤ". Written in upper case and bold.
    pub issuer: String,
    /// Number and symbol line, e.g. "Số: 125/BC-SNV" (see [`number_line`](super::number_line)).
    pub number: String,
    /// Place and date line, e.g. "Hà Tĩnh, ngày 20 tháng 6 năm 2025"
    /// (see [`place_date`](super::place_date)).
    pub place_date: String,
    /// Document kind, e.g. "BÁO CÁO". Empty for a letter (công văn): the title then goes under
    /// the number as its "V/v …" summary, as the decree lays out letters.
    pub kind_title: String,
    /// Summary (trích yếu), e.g. "Kết quả thực hiện công tác cải cách hành chính quý II năm 2025".
    pub title: String,
    /// "Kính gửi: …" line for letters and reports sent upwards; `\n` separates recipients.
    pub recipients_intro: Option<String>,
    /// The content, in order.
    pub body: Vec<Block>,
    /// Who signs.
    pub signer: Signature,
    /// "Nơi nhận:" entries, e.g. "- Bộ Nội vụ;" … "- Lưu: VT, CCHC." (a missing leading dash is
    /// added).
    pub recipients: Vec<String>,
    /// Page and text settings; the default suits most provinces.
    pub layout: Layout,
}

/// The signature block, bottom right.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Signature {
    /// Authority line(s), e.g. "KT. GIÁM ĐỐC" or "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH"; upper case,
    /// bold. Empty when the head signs in their own name.
    pub authority: String,
    /// Position, e.g. "PHÓ GIÁM ĐỐC"; upper case, bold.
    pub position: String,
    /// Signer's full name, bold, without titles or degrees (the decree forbids them).
    pub name: String,
}

/// A piece of the body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading; the writer numbers it (I., 1., 1.1., a)), so the text carries no number.
    Heading(HeadingLevel, String),
    /// A justified body paragraph with a first-line indent, made of runs.
    Paragraph(Vec<Run>),
    /// Items each written as a body paragraph starting with "- " (the decree's tiểu tiết).
    Bullets(Vec<String>),
    /// Items under a bullet, each starting with "+ ".
    SubBullets(Vec<String>),
    /// A framed table; its title and subtitle lines are printed above it.
    Table(Table),
    /// A PNG picture on its own centred line, its caption under it.
    Image(Image),
    /// Starts a new page.
    PageBreak,
}

/// A picture of the body (a chart): PNG bytes shown `width_mm` wide (at most the text width;
/// the height keeps the picture's proportions), with a caption such as "Biểu đồ 1: …" under
/// it. Bytes that are not a PNG are left out, caption included.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    pub png: Vec<u8>,
    pub width_mm: u32,
    pub caption: String,
    /// Alternative text for screen readers.
    pub description: String,
}

impl Block {
    /// A paragraph of plain text.
    pub fn paragraph(text: &str) -> Block {
        Block::Paragraph(vec![Run::plain(text)])
    }

    /// A heading at `level`.
    pub fn heading(level: HeadingLevel, text: &str) -> Block {
        Block::Heading(level, text.to_string())
    }
}

/// Heading levels of a report, numbered the way NĐ 30 numbers a text divided into parts,
/// sections and points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeadingLevel {
    /// "I.", "II." — upper case, bold (Word style "heading 1").
    Roman,
    /// "1.", "2." within a Roman heading — bold ("heading 2").
    Arabic,
    /// "1.1.", "1.2." within an Arabic heading — bold italic ("heading 3").
    Decimal,
    /// "a)", "b)" in Vietnamese alphabet order (no f, j, w, z; đ after d) — regular
    /// ("heading 4").
    Letter,
}

/// A stretch of text with emphasis.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Run {
    /// The text; `\n` is a line break, `\t` a tab.
    pub text: String,
    /// Bold (direct formatting on top of the paragraph's style).
    pub bold: bool,
    /// Italic.
    pub italic: bool,
}

impl Run {
    /// Plain text.
    pub fn plain(text: &str) -> Run {
        Run { text: text.to_string(), bold: false, italic: false }
    }

    /// Bold text.
    pub fn bold(text: &str) -> Run {
        Run { text: text.to_string(), bold: true, italic: false }
    }

    /// Italic text.
    pub fn italic(text: &str) -> Run {
        Run { text: text.to_string(), bold: false, italic: true }
    }
}

/// The choices NĐ 30 leaves open. Values outside the decree's ranges are brought back into them
/// when the file is written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layout {
    /// Body text size in points: 13 or 14.
    pub body_pt: u8,
    /// Top margin in millimetres: 20–25.
    pub margin_top_mm: u8,
    /// Bottom margin in millimetres: 20–25.
    pub margin_bottom_mm: u8,
    /// Left margin in millimetres: 30–35.
    pub margin_left_mm: u8,
    /// Right margin in millimetres: 15–20.
    pub margin_right_mm: u8,
    /// First-line indent of body paragraphs in centimetres: 1–1.27.
    pub first_line_indent_cm: f32,
    /// Line spacing in lines: 1 (single) to 1.5.
    pub line_spacing: f32,
}

impl Default for Layout {
    /// 14 pt body, margins 20/20/30/15 mm (the widest text area the decree allows, which
    /// tables need), 1.27 cm indent, 1.2 line spacing.
    fn default() -> Self {
        Layout {
            body_pt: 14,
            margin_top_mm: 20,
            margin_bottom_mm: 20,
            margin_left_mm: 30,
            margin_right_mm: 15,
            first_line_indent_cm: 1.27,
            line_spacing: 1.2,
        }
    }
}
