//! Photos carry metadata a reviewer does not need and should not see without a reason: EXIF names the camera
//! and the time, and often the GPS position where the photo was taken. The portal serves photos without it
//! unless asked; only the orientation stays, so that a photo still shows upright.
use super::{jpeg_segments, png_chunks, verify, FileKind, JPEG_START_OF_SCAN, PNG_SIGNATURE};
use image::{metadata::Orientation, ImageDecoder, ImageFormat, ImageReader};
use std::{borrow::Cow, io::Cursor};

/// PNG chunks taken out: text, EXIF and the time of the last change.
const PNG_METADATA: [&[u8]; 5] = [b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"];

/// JPEG segments taken out: EXIF and XMP (APP1), IPTC (APP13), the other application segments but JFIF
/// (APP0), the colour profile (APP2) and Adobe's colour transform (APP14), and comments.
fn is_jpeg_metadata(marker: u8) -> bool {
    matches!(marker, 0xE1 | 0xE3..=0xED | 0xEF | 0xFE)
}

/// The file as a reviewer sees it. `None` when it is an image that does not even decode.
/// CPU-bound when the structure is not understood (the photo is then decoded and drawn again as a PNG).
pub fn without_metadata(bytes: &[u8], kind: FileKind) -> Option<Cow<'_, [u8]>> {
    let format = match kind {
        FileKind::Jpeg => ImageFormat::Jpeg,
        FileKind::Png => ImageFormat::Png,
        // A PDF's document information is the author's to choose, not a device's record of a place.
        FileKind::Pdf => return Some(Cow::Borrowed(bytes)),
    };
    let orientation = orientation(bytes, format);
    let stripped = match kind {
        FileKind::Jpeg => strip_jpeg(bytes, orientation),
        _ => strip_png(bytes, orientation),
    };
    stripped.or_else(|| redraw(bytes, format, orientation)).map(Cow::Owned)
}

fn orientation(bytes: &[u8], format: ImageFormat) -> Orientation {
    ImageReader::with_format(Cursor::new(bytes), format)
        .into_decoder()
        .and_then(|mut decoder| decoder.orientation())
        .unwrap_or(Orientation::NoTransforms)
}

/// The smallest EXIF (a big-endian TIFF structure) that says only how to turn the photo; none for upright.
fn orientation_only_exif(orientation: Orientation) -> Option<Vec<u8>> {
    let value = orientation.to_exif();
    (value != 1).then(|| {
        let mut tiff = b"MM\0\x2A\0\0\0\x08".to_vec(); // byte order, magic, first directory at 8
        tiff.extend(1u16.to_be_bytes()); // one entry:
        tiff.extend(0x0112u16.to_be_bytes()); // Orientation,
        tiff.extend(3u16.to_be_bytes()); // a SHORT,
        tiff.extend(1u32.to_be_bytes()); // one of it,
        tiff.extend([0, value, 0, 0]); // its value, padded to four bytes
        tiff.extend(0u32.to_be_bytes()); // no next directory
        tiff
    })
}

fn strip_jpeg(bytes: &[u8], orientation: Orientation) -> Option<Vec<u8>> {
    let mut exif = orientation_only_exif(orientation).map(|tiff| {
        let mut segment = vec![0xFF, 0xE1];
        segment.extend(((tiff.len() + 8) as u16).to_be_bytes()); // 34: the length, "Exif\0\0", the TIFF
        segment.extend(b"Exif\0\0");
        segment.extend(tiff);
        segment
    });
    let mut out = bytes.get(..2)?.to_vec();
    let mut at = 2;
    for (marker, segment) in jpeg_segments(bytes) {
        at += segment.len();
        // EXIF goes first, after JFIF's APP0 when there is one.
        if marker != 0xE0 {
            out.extend(exif.take().unwrap_or_default());
        }
        if !is_jpeg_metadata(marker) {
            out.extend(segment);
        }
    }
    out.extend(exif.take().unwrap_or_default());
    // The walk stops at the image data; a file where it stops anywhere else is not understood.
    let scan = bytes.get(at..)?;
    scan.starts_with(&[0xFF, JPEG_START_OF_SCAN]).then(|| {
        out.extend(scan);
        out
    })
}

fn strip_png(bytes: &[u8], orientation: Orientation) -> Option<Vec<u8>> {
    let mut out = PNG_SIGNATURE.to_vec();
    for (kind, data) in png_chunks(bytes) {
        if !PNG_METADATA.contains(&kind) {
            push_png_chunk(&mut out, kind, data);
        }
        if kind == b"IHDR" {
            if let Some(exif) = orientation_only_exif(orientation) {
                push_png_chunk(&mut out, b"eXIf", &exif);
            }
        }
        if kind == b"IEND" {
            return Some(out);
        }
    }
    None
}

pub(crate) fn push_png_chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
    out.extend((data.len() as u32).to_be_bytes());
    out.extend(kind);
    out.extend(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend(crc.finalize().to_be_bytes());
}

/// A photo whose structure the walk above does not follow: its pixels alone, turned upright, as a PNG.
fn redraw(bytes: &[u8], format: ImageFormat, orientation: Orientation) -> Option<Vec<u8>> {
    let mut image = verify::decode(bytes, format).ok()?;
    image.apply_orientation(orientation);
    let mut out = Cursor::new(vec![]);
    image.write_to(&mut out, ImageFormat::Png).ok()?;
    Some(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filetype::{embedded_ocr, verify::tests::real_png};

    const SELFIE: &[u8] = include_bytes!("../../end2end/fixtures/selfie.jpg");
    const WITH_OCR: &[u8] = include_bytes!("../../end2end/fixtures/id-card-ocr.jpg");

    /// `jpeg` with an EXIF segment holding an orientation and a GPS directory pointer, after its APP0.
    fn with_exif(jpeg: &[u8], orientation: u8) -> Vec<u8> {
        let mut tiff = b"MM\0\x2A\0\0\0\x08".to_vec();
        tiff.extend(2u16.to_be_bytes());
        tiff.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0]);
        tiff.extend([0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38]); // GPS directory at 38
        tiff.extend(0u32.to_be_bytes());
        tiff.extend(1u16.to_be_bytes()); // the GPS directory: latitude reference "S"
        tiff.extend([0, 1, 0, 2, 0, 0, 0, 2, b'S', 0, 0, 0]);
        tiff.extend(0u32.to_be_bytes());
        let mut segment = vec![0xFF, 0xE1];
        segment.extend(((tiff.len() + 8) as u16).to_be_bytes());
        segment.extend(b"Exif\0\0");
        segment.extend(tiff);
        let app0_end = 4 + u16::from_be_bytes([jpeg[4], jpeg[5]]) as usize;
        [&jpeg[..app0_end], &segment, &jpeg[app0_end..]].concat()
    }

    #[test]
    fn a_photo_is_served_without_its_metadata_but_upright() {
        let original = with_exif(WITH_OCR, 6);
        assert_eq!(orientation(&original, ImageFormat::Jpeg), Orientation::Rotate90);
        assert!(embedded_ocr(&original).is_some());
        let served = without_metadata(&original, FileKind::Jpeg).unwrap();
        assert!(embedded_ocr(&served).is_none(), "the comment is gone");
        assert!(!served.windows(2).any(|w| w == [0x88, 0x25]), "the GPS pointer is gone");
        assert_eq!(orientation(&served, ImageFormat::Jpeg), Orientation::Rotate90);
        assert_eq!(verify::verify(&served, FileKind::Jpeg), Ok(()));
        // The image data is untouched: the same pixels, not a new encoding.
        assert!(served.ends_with(&WITH_OCR[WITH_OCR.len() - 1000..]));
        // Nothing to take out: the same bytes (an upright photo gets no EXIF).
        assert_eq!(&*without_metadata(SELFIE, FileKind::Jpeg).unwrap(), SELFIE);
    }

    #[test]
    fn png_text_goes_and_the_pixels_stay() {
        let plain = real_png(8, 8);
        let mut with_text = plain[..33].to_vec(); // signature and IHDR
        push_png_chunk(&mut with_text, b"tEXt", b"Comment\0taken at -33.92,18.42");
        with_text.extend(&plain[33..]);
        assert_eq!(verify::verify(&with_text, FileKind::Png), Ok(()));
        let served = without_metadata(&with_text, FileKind::Png).unwrap();
        assert_eq!(&*served, &plain[..]);
    }

    #[test]
    fn a_photo_of_a_shape_the_walk_does_not_follow_is_redrawn() {
        let mut odd = SELFIE.to_vec();
        odd.splice(2..2, [0xFF, 0xFF]); // fill bytes before the first marker: legal, not walked
        let served = without_metadata(&odd, FileKind::Jpeg).unwrap();
        assert!(served.starts_with(PNG_SIGNATURE));
        let pdf = b"%PDF-1.4\n%%EOF\n";
        assert_eq!(&*without_metadata(pdf, FileKind::Pdf).unwrap(), pdf);
    }
}
