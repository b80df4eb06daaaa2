//! Page geometry in twips (1/20 pt, 1/1440 inch): the A4 page, the margins and sizes of a
//! [`Layout`] clamped to the decree's ranges, and the text width tables are fitted into.

use super::model::Layout;

/// A4 width: 210 mm.
pub(crate) const A4_WIDTH: u32 = 11906;
/// A4 height: 297 mm.
pub(crate) const A4_HEIGHT: u32 = 16838;
/// Distance of the page-number header from the top edge: 12.5 mm, inside the 20 mm margin.
pub(crate) const HEADER_DISTANCE: u32 = 709;

/// Resolved layout values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Geometry {
    pub top: u32,
    pub bottom: u32,
    pub left: u32,
    pub right: u32,
    /// Width between the margins.
    pub text_width: u32,
    /// Body size in half-points (the unit of `w:sz`).
    pub body_half_pt: u32,
    /// First-line indent of body paragraphs.
    pub indent: u32,
    /// Line spacing in 240ths of a line (the unit of `w:line` with `lineRule="auto"`).
    pub line: u32,
}

impl Geometry {
    /// Clamps the layout to NĐ 30's ranges and converts it to twips.
    pub fn new(l: &Layout) -> Geometry {
        let top = mm(l.margin_top_mm.clamp(20, 25));
        let bottom = mm(l.margin_bottom_mm.clamp(20, 25));
        let left = mm(l.margin_left_mm.clamp(30, 35));
        let right = mm(l.margin_right_mm.clamp(15, 20));
        let indent_cm = finite_clamp(l.first_line_indent_cm, 1.0, 1.27, 1.27);
        let spacing = finite_clamp(l.line_spacing, 1.0, 1.5, 1.2);
        Geometry {
            top,
            bottom,
            left,
            right,
            text_width: A4_WIDTH - left - right,
            body_half_pt: u32::from(l.body_pt.clamp(13, 14)) * 2,
            indent: (f64::from(indent_cm) * 1440.0 / 2.54).round() as u32,
            line: (f64::from(spacing) * 240.0).round() as u32,
        }
    }

    /// Splits the text width into columns proportional to `weights` (equal when none is
    /// positive); the widths add up to the text width exactly.
    pub fn columns(&self, weights: &[f64]) -> Vec<u32> {
        split(self.text_width, weights)
    }
}

/// Millimetres to twips.
pub(crate) fn mm(v: u8) -> u32 {
    (f64::from(v) * 1440.0 / 25.4).round() as u32
}

fn finite_clamp(v: f32, lo: f32, hi: f32, default: f32) -> f32 {
    if v.is_finite() {
        v.clamp(lo, hi)
    } else {
        default
    }
}

/// Splits `total` proportionally to the positive finite weights.
pub(crate) fn split(total: u32, weights: &[f64]) -> Vec<u32> {
    if weights.is_empty() {
        return Vec::new();
    }
    let clean: Vec<f64> = weights.iter().map(|w| if w.is_finite() && *w > 0.0 { *w } else { 0.0 }).collect();
    let sum: f64 = clean.iter().sum();
    let clean = if sum > 0.0 { clean } else { vec![1.0; weights.len()] };
    let sum: f64 = clean.iter().sum();
    let mut out: Vec<u32> = clean.iter().map(|w| (w / sum * f64::from(total)).floor() as u32).collect();
    let used: u32 = out.iter().sum();
    if let Some(last) = out.last_mut() {
        *last += total.saturating_sub(used);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_layout_in_twips() {
        let g = Geometry::new(&Layout::default());
        assert_eq!((g.top, g.bottom, g.left, g.right), (1134, 1134, 1701, 850));
        assert_eq!(g.text_width, 11906 - 1701 - 850);
        assert_eq!((g.body_half_pt, g.indent, g.line), (28, 720, 288));
    }

    #[test]
    fn out_of_range_values_are_clamped() {
        let l = Layout {
            body_pt: 40,
            margin_top_mm: 0,
            margin_bottom_mm: 255,
            margin_left_mm: 10,
            margin_right_mm: 90,
            first_line_indent_cm: f32::NAN,
            line_spacing: 9.0,
        };
        let g = Geometry::new(&l);
        assert_eq!((g.top, g.bottom, g.left, g.right), (mm(20), mm(25), mm(30), mm(20)));
        assert_eq!((g.body_half_pt, g.indent, g.line), (28, 720, 360));
    }

    #[test]
    fn columns_add_up() {
        assert_eq!(split(1000, &[1.0, 1.0, 1.0]), vec![333, 333, 334]);
        assert_eq!(split(1000, &[0.0, f64::NAN]), vec![500, 500]);
        assert_eq!(split(1000, &[3.0, 1.0]), vec![750, 250]);
        assert!(split(1000, &[]).is_empty());
    }
}
