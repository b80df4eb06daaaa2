//! Charts drawn as PNG for documents: stacked columns on a grid, without text (the labels go
//! in the caption or a table under the image, where Word can edit and read them).

use crate::png::{Canvas, Rgb};

/// A stacked column chart: one column per entry of `columns`, each the sum of its segments
/// drawn bottom-up in the colours of `colors` (segment `i` in `colors[i]`).
#[derive(Debug, Clone, PartialEq)]
pub struct StackedColumns {
    pub columns: Vec<Vec<u64>>,
    pub colors: Vec<Rgb>,
}

/// A drawn chart: the PNG, its size in pixels, and the value between two grid lines (for
/// the caption).
#[derive(Debug, Clone, PartialEq)]
pub struct Drawn {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub grid_step: u64,
}

const AXIS: Rgb = [64, 64, 64];
const GRID: Rgb = [215, 215, 215];

/// A step of 1, 2 or 5 × 10ⁿ giving at most about five grid lines up to `max`.
pub fn grid_step(max: u64) -> u64 {
    let raw = max.div_ceil(5).max(1);
    let mut p = 1u64;
    loop {
        for m in [1, 2, 5] {
            if m * p >= raw {
                return m * p;
            }
        }
        p = p.saturating_mul(10);
    }
}

impl StackedColumns {
    /// Draws the chart on a `width` × `height` canvas.
    pub fn draw(&self, width: u32, height: u32) -> Drawn {
        let (c, step) = self.canvas(width, height);
        Drawn { png: c.to_png(), width: c.width(), height: c.height(), grid_step: step }
    }

    /// The drawn canvas and the grid step.
    pub fn canvas(&self, width: u32, height: u32) -> (Canvas, u64) {
        let mut c = Canvas::new(width, height);
        let (w, h) = (c.width() as i64, c.height() as i64);
        let (left, right, top, bottom) = (24i64, 12i64, 12i64, 24i64);
        let plot_w = (w - left - right).max(1);
        let plot_h = (h - top - bottom).max(1);
        let max = self.columns.iter().map(|c| c.iter().sum::<u64>()).max().unwrap_or(0);
        let step = grid_step(max);
        let top_value = max.div_ceil(step).max(1) * step;
        let y_of = |v: u64| top + plot_h - (v as f64 / top_value as f64 * plot_h as f64).round() as i64;
        let mut v = step;
        while v <= top_value {
            c.fill(left, y_of(v), plot_w, 1, GRID);
            v += step;
        }
        let n = self.columns.len().max(1) as i64;
        let slot = plot_w as f64 / n as f64;
        let bar = (slot * 0.6).max(1.0);
        for (i, col) in self.columns.iter().enumerate() {
            let x = left + (slot * i as f64 + (slot - bar) / 2.0).round() as i64;
            let mut base = 0u64;
            for (j, &seg) in col.iter().enumerate() {
                if seg == 0 {
                    continue;
                }
                let color = self.colors.get(j).copied().unwrap_or(AXIS);
                let (y0, y1) = (y_of(base + seg), y_of(base));
                c.fill(x, y0, bar.round() as i64, (y1 - y0).max(1), color);
                base += seg;
            }
        }
        c.fill(left - 2, top, 2, plot_h + 2, AXIS);
        c.fill(left - 2, top + plot_h, plot_w + 2, 2, AXIS);
        (c, step)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_steps_are_round() {
        assert_eq!(grid_step(0), 1);
        assert_eq!(grid_step(4), 1);
        assert_eq!(grid_step(9), 2);
        assert_eq!(grid_step(23), 5);
        assert_eq!(grid_step(48), 10);
        assert_eq!(grid_step(177), 50);
    }

    #[test]
    fn columns_are_stacked_in_their_colours() {
        let red = [200, 0, 0];
        let green = [0, 150, 0];
        let chart = StackedColumns { columns: vec![vec![10, 0], vec![5, 5], vec![0, 0]], colors: vec![green, red] };
        let d = chart.draw(300, 200);
        assert_eq!(crate::png::dimensions(&d.png), Some((300, 200)));
        assert_eq!(d.grid_step, 2);
        let again = chart.draw(300, 200);
        assert_eq!(again, d, "the same chart gives the same bytes");
        // The first column is all green, the second green then red, the third empty.
        let (canvas, _) = chart.canvas(300, 200);
        let slot = (300 - 36) as f64 / 3.0;
        let mid = |i: f64| (24.0 + slot * i + slot / 2.0) as u32;
        assert_eq!(canvas.pixel(mid(0.0), 100), Some(green));
        assert_eq!(canvas.pixel(mid(1.0), 170), Some(green));
        assert_eq!(canvas.pixel(mid(1.0), 30), Some(red));
        assert_ne!(canvas.pixel(mid(2.0), 100), Some(red));
        assert_ne!(canvas.pixel(mid(2.0), 100), Some(green));
    }
}
