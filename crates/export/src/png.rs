//! A minimal PNG writer (8-bit RGB, no interlacing) and a raster canvas for charts, with no
//! image library: the pixel rows go into zlib "stored" blocks (the DOCX's ZIP container
//! deflates them anyway), and the CRC-32 and Adler-32 checksums are computed here.

/// An RGB colour.
pub type Rgb = [u8; 3];

/// A white canvas of `width` × `height` pixels to draw rectangles on.
#[derive(Debug, Clone, PartialEq)]
pub struct Canvas {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
}

impl Canvas {
    /// A white canvas; each side is at least 1 and at most 4,000 pixels.
    pub fn new(width: u32, height: u32) -> Canvas {
        let (width, height) = (width.clamp(1, 4000), height.clamp(1, 4000));
        Canvas { width, height, pixels: vec![255; (width * height * 3) as usize] }
    }

    /// Width in pixels.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Height in pixels.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// Fills the rectangle from (`x`, `y`) (top left), `w` × `h` pixels, clipped to the canvas.
    pub fn fill(&mut self, x: i64, y: i64, w: i64, h: i64, c: Rgb) {
        let x0 = x.clamp(0, self.width as i64) as usize;
        let y0 = y.clamp(0, self.height as i64) as usize;
        let x1 = (x + w.max(0)).clamp(0, self.width as i64) as usize;
        let y1 = (y + h.max(0)).clamp(0, self.height as i64) as usize;
        for row in y0..y1 {
            let start = (row * self.width as usize + x0) * 3;
            for px in self.pixels[start..start + (x1 - x0) * 3].chunks_exact_mut(3) {
                px.copy_from_slice(&c);
            }
        }
    }

    /// The colour at (`x`, `y`); `None` outside the canvas.
    pub fn pixel(&self, x: u32, y: u32) -> Option<Rgb> {
        if x >= self.width || y >= self.height {
            return None;
        }
        let i = ((y * self.width + x) * 3) as usize;
        Some([self.pixels[i], self.pixels[i + 1], self.pixels[i + 2]])
    }

    /// The canvas as a PNG file.
    pub fn to_png(&self) -> Vec<u8> {
        let row = self.width as usize * 3;
        let mut raw = Vec::with_capacity((row + 1) * self.height as usize);
        for line in self.pixels.chunks_exact(row) {
            raw.push(0); // filter type "none"
            raw.extend_from_slice(line);
        }
        let mut ihdr = Vec::with_capacity(13);
        ihdr.extend_from_slice(&self.width.to_be_bytes());
        ihdr.extend_from_slice(&self.height.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8 bits, RGB, deflate, adaptive filters, no interlace
        let mut out = PNG_SIGNATURE.to_vec();
        chunk(&mut out, b"IHDR", &ihdr);
        chunk(&mut out, b"IDAT", &zlib_stored(&raw));
        chunk(&mut out, b"IEND", &[]);
        out
    }
}

/// The eight bytes every PNG file starts with.
pub const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// The width and height of a PNG file, from its IHDR chunk; `None` when it is not a PNG.
pub fn dimensions(png: &[u8]) -> Option<(u32, u32)> {
    if png.len() < 24 || png[..8] != PNG_SIGNATURE || &png[12..16] != b"IHDR" {
        return None;
    }
    let be = |i: usize| u32::from_be_bytes([png[i], png[i + 1], png[i + 2], png[i + 3]]);
    Some((be(16), be(20)))
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// A zlib stream of stored (uncompressed) deflate blocks.
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let mut blocks = data.chunks(65_535).peekable();
    if blocks.peek().is_none() {
        out.extend_from_slice(&[1, 0, 0, 0xFF, 0xFF]);
    }
    while let Some(b) = blocks.next() {
        out.push(u8::from(blocks.peek().is_none()));
        let len = b.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(b);
    }
    out.extend_from_slice(&adler32(data).to_be_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in data.chunks(5552) {
        for &x in chunk {
            a += x as u32;
            b += a;
        }
        a %= 65_521;
        b %= 65_521;
    }
    (b << 16) | a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_match_known_values() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
    }

    #[test]
    fn a_png_has_its_signature_size_and_chunks() {
        let mut c = Canvas::new(300, 200);
        c.fill(10, 10, 20, 30, [200, 0, 0]);
        c.fill(-5, 190, 1000, 1000, [0, 0, 0]);
        assert_eq!(c.pixel(10, 10), Some([200, 0, 0]));
        assert_eq!(c.pixel(29, 39), Some([200, 0, 0]));
        assert_eq!(c.pixel(30, 40), Some([255, 255, 255]));
        assert_eq!(c.pixel(299, 199), Some([0, 0, 0]));
        assert_eq!(c.pixel(300, 0), None);
        let png = c.to_png();
        assert_eq!(dimensions(&png), Some((300, 200)));
        assert!(png.ends_with(&[0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82]));
        // The pixel data spans several stored blocks; the IDAT length covers them all.
        let idat = u32::from_be_bytes([png[33], png[34], png[35], png[36]]) as usize;
        assert_eq!(&png[37..41], b"IDAT");
        let raw: usize = (300 * 3 + 1) * 200;
        assert_eq!(idat, 2 + raw + 5 * raw.div_ceil(65_535) + 4);
        assert_eq!(dimensions(b"not a png at all, really not"), None);
    }
}
