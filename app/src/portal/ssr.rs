//! The site's address as a QR code (SVG), drawn by the qrcode crate.
use qrcode::render::svg;
use qrcode::QrCode;

/// An SVG QR code of `url`; `None` if the address is too long for a QR code.
pub fn site_qr_svg(url: &str) -> Option<String> {
    let code = QrCode::new(url.as_bytes()).ok()?;
    Some(code.render::<svg::Color>().min_dimensions(160, 160).quiet_zone(true).build())
}
