//! The server's second look at an upload that passed `inspect`: an image is decoded whole under limits (its
//! header could lie about what follows), a PDF is parsed and refused when it carries active content.
use super::{FileKind, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE};
use image::{ImageError, ImageFormat, ImageReader, Limits};
use lopdf::{Document, Object};
use std::io::Cursor;

/// The most memory one image may take to decode: the largest image allowed, in RGBA.
const MAX_DECODE_BYTES: u64 = MAX_IMAGE_PIXELS * 4;

/// What runs or carries something inside a PDF, as a dictionary key (`/OpenAction …`) or a name
/// (`/S /JavaScript`, `/Type /EmbeddedFile`): scripts, actions on opening or on events, programs, files.
const ACTIVE_CONTENT: [&[u8]; 7] =
    [b"JavaScript", b"JS", b"OpenAction", b"AA", b"Launch", b"EmbeddedFile", b"EmbeddedFiles"];

/// Deeper than any real document nests its objects; past it the file is refused rather than walked.
const MAX_DEPTH: usize = 64;

/// `Err` says why the file is refused, in words for the user. CPU-bound: call it off the async threads.
pub fn verify(bytes: &[u8], kind: FileKind) -> Result<(), String> {
    match kind {
        FileKind::Jpeg => decode_image(bytes, ImageFormat::Jpeg),
        FileKind::Png => decode_image(bytes, ImageFormat::Png),
        FileKind::Pdf => parse_pdf(bytes),
    }
}

fn image_limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    limits
}

/// The decoded image, within the limits: only decoding every pixel shows the file is the photo it claims.
pub(super) fn decode(bytes: &[u8], format: ImageFormat) -> Result<image::DynamicImage, ImageError> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(image_limits());
    reader.decode()
}

fn decode_image(bytes: &[u8], format: ImageFormat) -> Result<(), String> {
    decode(bytes, format).map(drop).map_err(|err| match err {
        ImageError::Limits(_) => {
            "The image needs too much memory to open; upload a smaller photo.".into()
        }
        other => {
            tracing::info!(error = %other, "upload refused: the image does not decode");
            format!(
                "The {} is damaged: it does not open as an image.",
                format.extensions_str()[0].to_uppercase()
            )
        }
    })
}

fn parse_pdf(bytes: &[u8]) -> Result<(), String> {
    let document = Document::load_mem(bytes).map_err(|err| {
        tracing::info!(error = %err, "upload refused: the PDF does not parse");
        "The PDF is damaged or locked with a password: it could not be read.".to_owned()
    })?;
    let trailer = Object::Dictionary(document.trailer.clone());
    for object in document.objects.values().chain([&trailer]) {
        if let Some(found) = active_content(object, 0) {
            return Err(format!(
                "The PDF carries active content (/{found}), which is refused: print it to a new PDF or scan \
                 the paper."
            ));
        }
    }
    Ok(())
}

/// The first active-content name inside `object`, looking through dictionaries, streams and arrays.
fn active_content(object: &Object, depth: usize) -> Option<String> {
    let named = |name: &[u8]| {
        ACTIVE_CONTENT.contains(&name).then(|| String::from_utf8_lossy(name).into_owned())
    };
    if depth > MAX_DEPTH {
        return Some("nesting too deep".into());
    }
    match object {
        Object::Name(name) => named(name),
        Object::Array(items) => items.iter().find_map(|o| active_content(o, depth + 1)),
        Object::Dictionary(dict) => dict
            .iter()
            .find_map(|(key, value)| named(key).or_else(|| active_content(value, depth + 1))),
        Object::Stream(stream) => stream
            .dict
            .iter()
            .find_map(|(key, value)| named(key).or_else(|| active_content(value, depth + 1))),
        _ => None,
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use crate::filetype::metadata::push_png_chunk;

    /// A whole PDF of `objects` (each `<<…>>` or `[…]`), with a cross-reference table, root object 1.
    pub fn pdf(objects: &[&str]) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offsets = vec![];
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
        for offset in offsets {
            out.extend(format!("{offset:010} 00000 n \n").as_bytes());
        }
        out.extend(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .as_bytes(),
        );
        out
    }

    const PAGES: &str = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
    const PAGE: &str = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>";

    /// A real PNG of `width`×`height` (one colour), encoded by `image`.
    pub fn real_png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Cursor::new(vec![]);
        image::RgbImage::from_pixel(width, height, image::Rgb([200, 180, 40]))
            .write_to(&mut out, ImageFormat::Png)
            .unwrap();
        out.into_inner()
    }

    #[test]
    fn a_plain_pdf_passes_and_active_content_does_not() {
        let plain = pdf(&["<< /Type /Catalog /Pages 2 0 R >>", PAGES, PAGE]);
        assert_eq!(verify(&plain, FileKind::Pdf), Ok(()));
        for (catalog, named) in [
            ("<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>", "/OpenAction"),
            ("<< /Type /Catalog /Pages 2 0 R /Names << /JavaScript 4 0 R >> >>", "/JavaScript"),
            ("<< /Type /Catalog /Pages 2 0 R /AA << /O 4 0 R >> >>", "/AA"),
            (
                "<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 4 0 R >> >>",
                "/EmbeddedFiles",
            ),
        ] {
            let bytes = pdf(&[catalog, PAGES, PAGE, "<< /S /JavaScript /JS (app.alert(1)) >>"]);
            let refused = verify(&bytes, FileKind::Pdf).unwrap_err();
            assert!(refused.contains(named), "{catalog}: {refused}");
        }
        // Reached from a page's annotation only, in an array: still found.
        let launch = pdf(&[
            "<< /Type /Catalog /Pages 2 0 R >>",
            PAGES,
            "<< /Type /Page /Parent 2 0 R /Annots [4 0 R] >>",
            "<< /Type /Annot /Subtype /Link /A << /S /Launch /F (calc.exe) >> >>",
        ]);
        assert!(verify(&launch, FileKind::Pdf).unwrap_err().contains("/Launch"));
        assert!(verify(b"%PDF-1.4\nnot a pdf at all\n%%EOF\n", FileKind::Pdf)
            .unwrap_err()
            .contains("could not be read"));
    }

    #[test]
    fn images_are_decoded_whole() {
        assert_eq!(verify(&real_png(64, 48), FileKind::Png), Ok(()));
        // The header and the end are right, the pixels are not: only decoding sees it.
        let mut damaged = real_png(64, 48);
        let middle = damaged.len() / 2;
        damaged[middle..middle + 16].fill(0xAB);
        assert!(verify(&damaged, FileKind::Png).unwrap_err().contains("damaged"));
        let jpeg = include_bytes!("../../end2end/fixtures/selfie.jpg");
        assert_eq!(verify(jpeg, FileKind::Jpeg), Ok(()));
    }

    #[test]
    fn a_small_file_that_decodes_huge_is_refused_before_it_is_decoded() {
        // 7,000 × 7,000 pass the pixel limit (49 megapixels), but in 16-bit RGBA they take 392 MB: the
        // decoder is stopped at the header, before it allocates, whatever data follows.
        let mut bytes = super::super::PNG_SIGNATURE.to_vec();
        let mut header = 7_000u32.to_be_bytes().repeat(2);
        header.extend([16, 6, 0, 0, 0]);
        push_png_chunk(&mut bytes, b"IHDR", &header);
        push_png_chunk(&mut bytes, b"IDAT", &[0x78, 0x9C, 0x63, 0, 0, 0, 1, 0, 1]);
        push_png_chunk(&mut bytes, b"IEND", &[]);
        assert_eq!(super::super::inspect(&bytes), Ok(FileKind::Png));
        assert!(verify(&bytes, FileKind::Png).unwrap_err().contains("too much memory"));
    }
}
