//! Server-rendered SVG charts: no JavaScript, no inline style (the content security policy
//! forbids both), each bar a link to the list behind it, the same markup usable in exports.

use cchc_export::table::vn_number;

/// One bar: label, value, a CSS class for its colour, and the list it links to.
pub struct Bar<'a> {
    pub label: &'a str,
    pub value: f64,
    pub class: &'a str,
    pub href: String,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A horizontal bar chart; `suffix` follows each value (e.g. `%`). Empty string for no bars.
pub fn bars(title: &str, items: &[Bar<'_>], suffix: &str, decimals: usize) -> String {
    if items.is_empty() {
        return String::new();
    }
    const W: f64 = 640.0;
    const LABEL: f64 = 220.0;
    const ROW: f64 = 26.0;
    let max = items.iter().map(|b| b.value).fold(0.0_f64, f64::max).max(1e-9);
    let h = ROW * items.len() as f64 + 8.0;
    let mut s = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {W} {h}\" width=\"100%\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        esc(title)
    );
    for (i, b) in items.iter().enumerate() {
        let y = 4.0 + ROW * i as f64;
        let w = ((W - LABEL - 70.0) * (b.value / max)).max(if b.value > 0.0 { 2.0 } else { 0.0 });
        let value = format!("{}{suffix}", vn_number(b.value, decimals));
        s.push_str(&format!(
            "<a href=\"{href}\"><text x=\"{lx}\" y=\"{ty:.1}\" font-size=\"13\" text-anchor=\"end\" fill=\"#1d2733\">{label}</text>\
             <rect class=\"bar {class}\" x=\"{LABEL}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{bh:.1}\" rx=\"2\"/>\
             <text x=\"{vx:.1}\" y=\"{ty:.1}\" font-size=\"12\" fill=\"#1d2733\">{value}</text></a>",
            href = esc(&b.href),
            lx = LABEL - 8.0,
            ty = y + ROW * 0.62,
            label = esc(b.label),
            class = esc(b.class),
            bh = ROW - 8.0,
            vx = LABEL + w + 6.0,
        ));
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_link_and_escape() {
        let svg = bars(
            "Trạng thái",
            &[
                Bar { label: "Quá hạn", value: 3.0, class: "overdue", href: "/tasks?overdue=1".into() },
                Bar { label: "A<b>", value: 1.5, class: "x", href: "/t?a=1&b=2".into() },
            ],
            "",
            1,
        );
        assert!(svg.contains("<a href=\"/tasks?overdue=1\">"));
        assert!(svg.contains("A&lt;b&gt;") && svg.contains("a=1&amp;b=2"));
        assert!(svg.contains(">1,5<"), "decimal comma");
        assert!(!svg.contains("style="), "no inline style under the CSP");
        assert_eq!(bars("x", &[], "", 0), "");
    }
}
