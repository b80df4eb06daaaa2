//! Exporters. Callers build a [`Table`] (a titled grid of typed cells) from computed data;
//! this crate writes it as XLSX formatted the way officials expect (Times New Roman, bold
//! framed header, dd/mm/yyyy dates, real numbers that Excel shows with the locale's decimal
//! comma) or as CSV that Excel opens with Vietnamese intact (UTF-8 with BOM).

pub mod bundle;
pub mod chart;
pub mod csv;
pub mod docx;
pub mod kpi766;
pub mod png;
pub mod table;
pub mod xlsx;

pub use table::{Cell, Column, Table};
