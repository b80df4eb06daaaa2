//! A bundle of files as one ZIP (e.g. a unit's evidence for an appraisal), stored as they are
//! (documents and images are compressed already), names made unique.

use std::collections::BTreeSet;
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// Zips `(path, bytes)` entries; a repeated path gets " (2)", " (3)" … before its extension.
pub fn zip_files(entries: &[(String, Vec<u8>)]) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let mut used = BTreeSet::new();
    for (path, bytes) in entries {
        let mut name = path.clone();
        let mut n = 2;
        while !used.insert(name.clone()) {
            name = match path.rsplit_once('.') {
                Some((stem, ext)) => format!("{stem} ({n}).{ext}"),
                None => format!("{path} ({n})"),
            };
            n += 1;
        }
        zip.start_file(name, options)?;
        zip.write_all(bytes).map_err(zip::result::ZipError::Io)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_contents_kept() {
        let files = vec![("a/kh.pdf".to_string(), b"%PDF-1".to_vec()), ("a/kh.pdf".to_string(), b"%PDF-2".to_vec())];
        let bytes = zip_files(&files).unwrap_or_default();
        let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<String> =
            (0..z.len()).filter_map(|i| z.by_index(i).ok().map(|f| f.name().to_string())).collect();
        assert_eq!(names, ["a/kh.pdf", "a/kh (2).pdf"]);
        let mut second = Vec::new();
        std::io::Read::read_to_end(&mut z.by_index(1).unwrap_or_else(|e| panic!("{e}")), &mut second)
            .unwrap_or_default();
        assert_eq!(second, b"%PDF-2");
    }
}
