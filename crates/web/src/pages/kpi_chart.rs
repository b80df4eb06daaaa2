//! A server-rendered SVG line chart of a score (0–100) over periods: no JavaScript, no
//! inline style (the content security policy forbids it), readable when printed.

use cchc_app::kpi::overview::TrendView;
use cchc_export::table::vn_number;
use minijinja::Value;

const W: f64 = 640.0;
const H: f64 = 220.0;
const LEFT: f64 = 36.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 36.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The chart as safe markup for a template; empty when no period has a value.
pub fn trend_svg(points: &[TrendView]) -> Value {
    if points.iter().all(|p| p.value.is_none()) {
        return Value::from("");
    }
    let n = points.len().max(1);
    let step = (W - LEFT - RIGHT) / n as f64;
    let x = |i: usize| LEFT + step * (i as f64 + 0.5);
    let y = |v: f64| TOP + (H - TOP - BOTTOM) * (1.0 - v.clamp(0.0, 100.0) / 100.0);
    let mut s = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {W} {H}\" width=\"100%\" role=\"img\" aria-label=\"Diễn biến điểm\" \
         xmlns=\"http://www.w3.org/2000/svg\">"
    );
    for v in [0.0, 50.0, 90.0, 100.0] {
        let dash = if v == 50.0 || v == 90.0 { " stroke-dasharray=\"4 3\"" } else { "" };
        s.push_str(&format!(
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#d5dbe3\"{dash}/>\
             <text x=\"{}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6775\">{v}</text>",
            W - RIGHT,
            LEFT - 4.0,
            y(v) + 4.0,
            y = y(v)
        ));
    }
    let mut path = String::new();
    let mut pen_down = false;
    for (i, p) in points.iter().enumerate() {
        match p.value {
            Some(v) => {
                path.push_str(&format!("{}{:.1},{:.1} ", if pen_down { "L" } else { "M" }, x(i), y(v)));
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    s.push_str(&format!("<path d=\"{}\" fill=\"none\" stroke=\"#0b4f9c\" stroke-width=\"2\"/>", path.trim()));
    for (i, p) in points.iter().enumerate() {
        if let Some(v) = p.value {
            s.push_str(&format!(
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"#0b4f9c\"><title>{}: {}</title></circle>",
                x(i),
                y(v),
                esc(&p.label),
                vn_number(v, 2)
            ));
        }
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6775\">{}</text>",
            x(i),
            H - BOTTOM + 16.0,
            esc(&p.period)
        ));
    }
    s.push_str("</svg>");
    Value::from_safe_string(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_points_and_gaps() {
        let p = |period: &str, value: Option<f64>| TrendView {
            period: period.into(),
            label: period.into(),
            value,
            change: None,
        };
        let svg = trend_svg(&[p("2025-Q1", Some(80.5)), p("2025-Q2", None), p("2025-Q3", Some(91.0))]).to_string();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");
        assert_eq!(svg.matches("<circle").count(), 2);
        assert!(svg.contains("80,50"), "decimal comma in titles: {svg}");
        assert_eq!(trend_svg(&[p("2025-Q1", None)]).to_string(), "");
    }
}
