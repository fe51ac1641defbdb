//! What a file really is, from its bytes (never its name or declared type), shared by the browser's check
//! before an upload, the portal's server and the sandbox: JPEG, PNG or PDF, whole, of sane dimensions.
//! Also reads the `{"ocr":{…}}` object a test image can carry in its metadata (PNG `tEXt`, JPEG `COM`).
//! The server then looks deeper with crates too heavy for the browser's bundle (`verify`), and serves photos
//! without their metadata (`metadata`).
use crate::eclipse::models::OcrData;

#[cfg(feature = "ssr")]
pub mod metadata;
#[cfg(feature = "ssr")]
pub mod verify;

pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;
/// Images wider or taller than this are refused (a decompression bomb, not a photo).
pub const MAX_IMAGE_SIDE: u32 = 12_000;
/// And so are images of more pixels than this in all, whatever their shape: a small PNG of one colour can
/// decode to hundreds of megabytes. 50 megapixels is more than a phone's photo.
pub const MAX_IMAGE_PIXELS: u64 = 50_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Jpeg,
    Png,
    Pdf,
}

impl FileKind {
    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
            FileKind::Pdf => "application/pdf",
        }
    }
    pub fn is_image(self) -> bool {
        self != FileKind::Pdf
    }
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(FileKind::Jpeg)
    } else if bytes.starts_with(PNG_SIGNATURE) {
        Some(FileKind::Png)
    } else if bytes.starts_with(b"%PDF-") {
        Some(FileKind::Pdf)
    } else {
        None
    }
}

/// PNG chunks: (type, data), stopping at the first malformed one.
fn png_chunks(bytes: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    let mut at = PNG_SIGNATURE.len();
    std::iter::from_fn(move || {
        let len = u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize;
        let kind = bytes.get(at + 4..at + 8)?;
        let data = bytes.get(at + 8..at + 8 + len)?;
        at += 12 + len;
        Some((kind, data))
    })
}

/// JPEG segments before the image data: (marker, the whole segment from its 0xFF). Its data is `[4..]`.
fn jpeg_segments(bytes: &[u8]) -> impl Iterator<Item = (u8, &[u8])> {
    let mut at = 2;
    std::iter::from_fn(move || {
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        if marker == JPEG_START_OF_SCAN || marker == 0xD9 {
            return None; // the metadata is over
        }
        let len = u16::from_be_bytes(bytes.get(at + 2..at + 4)?.try_into().ok()?) as usize;
        let segment = bytes.get(at..at + 2 + len).filter(|_| len >= 2)?;
        at += 2 + len;
        Some((marker, segment))
    })
}

const JPEG_START_OF_SCAN: u8 = 0xDA;

/// Why a file of `len` bytes cannot be uploaded, if it cannot: the browser knows the size before reading.
pub fn size_problem(len: u64) -> Option<String> {
    (len > MAX_DOCUMENT_BYTES as u64)
        .then(|| format!("The file is {:.1} MiB; the limit is 10 MiB.", len as f64 / 1048576.0))
}

/// Checks that a file is what its bytes say, whole, and (for images) of sane dimensions. `Err` says which
/// rule it broke, in words for the user.
pub fn inspect(bytes: &[u8]) -> Result<FileKind, String> {
    if bytes.is_empty() {
        return Err("The file is empty.".into());
    }
    if let Some(problem) = size_problem(bytes.len() as u64) {
        return Err(problem);
    }
    let kind = sniff(bytes).ok_or(
        "The file is not a JPEG, PNG or PDF (its content says otherwise, whatever its name).",
    )?;
    match kind {
        FileKind::Png => {
            let mut chunks = png_chunks(bytes);
            let (first, ihdr) = chunks.next().ok_or("The PNG is truncated.")?;
            if first != b"IHDR" || ihdr.len() < 8 {
                return Err("The PNG has no valid header.".into());
            }
            let width = u32::from_be_bytes(ihdr[0..4].try_into().expect("4 bytes"));
            let height = u32::from_be_bytes(ihdr[4..8].try_into().expect("4 bytes"));
            check_dimensions(width, height)?;
            let mut animated = false;
            if !chunks.any(|(kind, _)| {
                animated |= kind == b"acTL";
                kind == b"IEND"
            }) {
                return Err("The PNG is truncated (it has no end).".into());
            }
            if animated {
                return Err("The PNG is animated; upload a still photo.".into());
            }
        }
        FileKind::Jpeg => {
            if !bytes.ends_with(&[0xFF, 0xD9]) {
                return Err("The JPEG is truncated (it has no end marker).".into());
            }
            // A start-of-frame segment carries the dimensions.
            let frame = jpeg_segments(bytes)
                .find(|(m, _)| matches!(m, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF));
            let (_, frame) = frame.ok_or("The JPEG has no image frame.")?;
            let sof = &frame[4..];
            if sof.len() < 5 {
                return Err("The JPEG's frame header is damaged.".into());
            }
            let height = u16::from_be_bytes([sof[1], sof[2]]) as u32;
            let width = u16::from_be_bytes([sof[3], sof[4]]) as u32;
            check_dimensions(width, height)?;
        }
        FileKind::Pdf => {
            let end = bytes
                .windows(5)
                .rposition(|w| w == b"%%EOF")
                .ok_or("The PDF is truncated (it has no end).")?;
            // An update to a PDF adds a whole section ending in %%EOF; anything else after the last one is
            // a file hidden behind the document.
            if !bytes[end + 5..].iter().all(u8::is_ascii_whitespace) {
                return Err(
                    "The PDF has data after its end (%%EOF), where another file can hide.".into()
                );
            }
        }
    }
    // A file that is also another kind (a "polyglot") is refused: e.g. an image carrying a script or archive.
    if bytes.windows(4).any(|w| w == b"PK\x03\x04") && kind != FileKind::Pdf
        || bytes.windows(7).any(|w| w.eq_ignore_ascii_case(b"<script"))
    {
        return Err("The file carries content of another type inside it.".into());
    }
    Ok(kind)
}

fn check_dimensions(width: u32, height: u32) -> Result<(), String> {
    if width == 0 || height == 0 {
        return Err("The image has no pixels.".into());
    }
    if width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE {
        return Err(format!(
            "The image is {width}×{height} pixels; the limit is {MAX_IMAGE_SIDE} on each side."
        ));
    }
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_IMAGE_PIXELS {
        return Err(format!(
            "The image is {width}×{height} pixels ({} megapixels); the limit is {} megapixels.",
            pixels / 1_000_000,
            MAX_IMAGE_PIXELS / 1_000_000
        ));
    }
    Ok(())
}

/// The `{"ocr":{…}}` object in an image's metadata, if it carries one.
pub fn embedded_ocr(bytes: &[u8]) -> Option<OcrData> {
    let text: Vec<&[u8]> = match sniff(bytes)? {
        FileKind::Png => png_chunks(bytes)
            .filter(|(k, _)| *k == b"tEXt" || *k == b"iTXt")
            .map(|(_, d)| d)
            .collect(),
        FileKind::Jpeg => jpeg_segments(bytes)
            .filter(|(m, _)| *m == 0xFE)
            .map(|(_, segment)| &segment[4..])
            .collect(),
        FileKind::Pdf => return None,
    };
    text.into_iter().find_map(|data| {
        let start = data.iter().position(|b| *b == b'{')?;
        let value: serde_json::Value = serde_json::from_slice(&data[start..]).ok()?;
        serde_json::from_value(value.get("ocr")?.clone()).ok()
    })
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// A tiny valid PNG of `width`×`height`, with an optional `tEXt` chunk.
    pub fn png(width: u32, height: u32, text: Option<&str>) -> Vec<u8> {
        let mut out = PNG_SIGNATURE.to_vec();
        let mut chunk = |kind: &[u8], data: &[u8]| {
            out.extend((data.len() as u32).to_be_bytes());
            out.extend(kind);
            out.extend(data);
            out.extend([0, 0, 0, 0]); // CRC: not checked here
        };
        let mut ihdr = width.to_be_bytes().to_vec();
        ihdr.extend(height.to_be_bytes());
        ihdr.extend([8, 2, 0, 0, 0]);
        chunk(b"IHDR", &ihdr);
        if let Some(t) = text {
            chunk(b"tEXt", format!("Comment\0{t}").as_bytes());
        }
        chunk(b"IDAT", &[0x78, 0x9C, 0x63, 0, 0, 0, 1, 0, 1]);
        chunk(b"IEND", &[]);
        out
    }

    #[test]
    fn bytes_decide_the_type() {
        assert_eq!(inspect(&png(10, 10, None)), Ok(FileKind::Png));
        assert!(inspect(b"MZ\x90\x00 this is an exe")
            .unwrap_err()
            .contains("not a JPEG, PNG or PDF"));
        let full = png(10, 10, None);
        assert!(inspect(&full[..full.len() - 12]).unwrap_err().contains("truncated"));
        assert!(inspect(&png(50_000, 10, None)).unwrap_err().contains("limit"));
        let mut polyglot = png(10, 10, None);
        polyglot.extend(b"PK\x03\x04zip inside");
        assert!(inspect(&polyglot).is_err());
        assert!(inspect(b"%PDF-1.4\n1 0 obj\n%%EOF\n").is_ok());
    }

    #[test]
    fn what_hides_in_a_valid_looking_file_is_refused() {
        // 10,000 × 9,000 passes each side's limit; 90 megapixels in all do not.
        assert!(inspect(&png(10_000, 9_000, None)).unwrap_err().contains("90 megapixels"));
        let mut animated = png(10, 10, None);
        let end = animated.len() - 12;
        animated.splice(end..end, *b"\0\0\0\x08acTL\0\0\0\x02\0\0\0\0\0\0\0\0");
        assert!(inspect(&animated).unwrap_err().contains("animated"));
        assert!(inspect(b"%PDF-1.4\n%%EOF\n%PDF-1.4 an update\n%%EOF\r\n").is_ok());
        assert!(inspect(b"%PDF-1.4\n%%EOF\nPK\x03\x04 a zip after the end")
            .unwrap_err()
            .contains("after its end"));
    }

    #[test]
    fn ocr_comes_from_the_image_metadata() {
        let image = png(
            10,
            10,
            Some(
                r#"{"ocr":{"firstName":"Sipho","lastName":"Dlamini","nationalIdentityNumber":"9003155012086"}}"#,
            ),
        );
        let ocr = embedded_ocr(&image).unwrap();
        assert_eq!(ocr.last_name.as_deref(), Some("Dlamini"));
        assert_eq!(embedded_ocr(&png(10, 10, None)), None);
    }
}
