//! PDF rendering for exam certificates, application review forms and admission tickets (server only).
//!
//! Built on printpdf 0.12's op list API. The CJK font is passed in as bytes (the server
//! reads it once at start-up) and printpdf embeds only the glyphs a document uses, so a
//! certificate stays at tens of KB although the font file is 5 MB. Subsetting needs
//! printpdf's `text_layout` feature: without it the whole font is embedded.

use image::{imageops::FilterType, DynamicImage, ImageFormat};
use printpdf::{
    Color, FontId, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfParseErrorSeverity, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, RawImage, Rect, Rgb, TextItem,
    TextRenderingMode, WindingOrder, XObjectTransform,
};
use qrcode::{EcLevel, QrCode};

mod ticket;
pub use ticket::{render_ticket, TicketData};

/// Face to use inside a font collection. 0 is "WenQuanYi Micro Hei" in Debian's
/// `fonts-wqy-microhei` (/usr/share/fonts/truetype/wqy/wqy-microhei.ttc); for a plain
/// .ttf/.otf it must be 0 as well.
pub const FONT_FACE_INDEX: usize = 0;

pub struct CertificateData {
    pub serial: String,
    pub holder_name: String,
    pub id_number_masked: String,
    pub exam_title: String,
    pub passed_on: String, // e.g. 2026年11月23日
    pub score: String,
    pub verify_url: String,
    pub issuer: String,
}

fn mm(v: f32) -> f32 {
    Pt::from(Mm(v)).0
}
const fn rgb(r: f32, g: f32, b: f32) -> Color {
    Color::Rgb(Rgb { r, g, b, icc_profile: None })
}
const BLACK: Color = rgb(0.1, 0.1, 0.1);
const GREY: Color = rgb(0.45, 0.45, 0.45);
const RED: Color = rgb(0.62, 0.12, 0.12);

/// The embedded font plus the metrics needed to measure text for centring and wrapping.
struct Font {
    id: FontId,
    parsed: ParsedFont,
}

impl Font {
    fn load(doc: &mut PdfDocument, bytes: &[u8]) -> Result<Self, String> {
        let parsed =
            ParsedFont::from_bytes(bytes, FONT_FACE_INDEX, &mut Vec::new()).ok_or("the font could not be parsed")?;
        Ok(Font { id: doc.add_font(&parsed), parsed })
    }

    /// Advance width in pt. Plain hmtx advances, no shaping: exact for CJK and Latin text.
    fn width(&self, text: &str, size: f32) -> f32 {
        let f = &self.parsed;
        let units: f32 =
            text.chars().map(|c| f.get_horizontal_advance(f.lookup_glyph_index(c as u32).unwrap_or(0)) as f32).sum();
        units * size / f.font_metrics.units_per_em as f32
    }

    /// Breaks `text` (and at every '\n') into lines no wider than `max_w`. CJK text may
    /// break between any two characters.
    fn wrap(&self, text: &str, size: f32, max_w: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let (mut line, mut w) = (String::new(), 0.0);
            for c in para.chars() {
                let cw = self.width(c.encode_utf8(&mut [0; 4]), size);
                if w + cw > max_w && !line.is_empty() {
                    // Keep a Latin word whole when a space allows it, and never start a line
                    // with closing punctuation (，。）…): the character before it moves down too.
                    let cut = if c.is_ascii_alphanumeric() {
                        line.rfind(' ').map(|i| i + 1).filter(|&i| line[i..].chars().all(|c| c.is_ascii_alphanumeric()))
                    } else if "，。、；：？！）》」』”’…".contains(c) {
                        line.char_indices().last().map(|(i, _)| i).filter(|&i| i > 0)
                    } else {
                        None
                    };
                    let carry = cut.map_or_else(String::new, |i| line.split_off(i));
                    lines.push(std::mem::replace(&mut line, carry).trim_end().to_string());
                    w = self.width(&line, size);
                }
                line.push(c);
                w += cw;
            }
            lines.push(line);
        }
        lines
    }
}

fn rect(x: f32, y: f32, w: f32, h: f32, mode: PaintMode) -> Op {
    Op::DrawRectangle { rectangle: Rect { mode: Some(mode), ..Rect::from_xywh(Pt(x), Pt(y), Pt(w), Pt(h)) } }
}

/// Collects the drawing ops of one page; coordinates are pt from the bottom-left corner.
struct Canvas<'a> {
    font: &'a Font,
    ops: Vec<Op>,
}

impl<'a> Canvas<'a> {
    fn new(font: &'a Font) -> Self {
        Canvas { font, ops: Vec::new() }
    }

    fn text(&mut self, s: &str, x: f32, y: f32, size: f32, color: Color) {
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFillColor { col: color },
            Op::SetFont { font: PdfFontHandle::External(self.font.id.clone()), size: Pt(size) },
            Op::SetTextCursor { pos: Point { x: Pt(x), y: Pt(y) } },
            Op::ShowText { items: vec![TextItem::Text(s.to_string())] },
            Op::EndTextSection,
        ]);
    }

    fn centered(&mut self, s: &str, cx: f32, y: f32, size: f32, color: Color) {
        self.text(s, cx - self.font.width(s, size) / 2.0, y, size, color);
    }

    /// There is a single font face, so headings get weight from stroking the glyph
    /// outlines as well as filling them.
    fn bold_centered(&mut self, s: &str, cx: f32, y: f32, size: f32, color: Color) {
        self.ops.extend([
            Op::SaveGraphicsState,
            Op::SetOutlineColor { col: color.clone() },
            Op::SetOutlineThickness { pt: Pt(size * 0.03) },
            Op::SetTextRenderingMode { mode: TextRenderingMode::FillStroke },
        ]);
        self.centered(s, cx, y, size, color);
        self.ops.push(Op::RestoreGraphicsState);
    }

    /// Text that is shrunk (down to 60 %) rather than overflowing into the next element.
    fn fitted(&mut self, s: &str, x: f32, y: f32, size: f32, max_w: f32) {
        let size = (size * max_w / self.font.width(s, size).max(1.0)).clamp(size * 0.6, size);
        self.text(s, x, y, size, BLACK);
    }

    fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, color: Color) {
        self.ops.extend([Op::SetFillColor { col: color }, rect(x, y, w, h, PaintMode::Fill)]);
    }

    fn stroke(&mut self, x: f32, y: f32, w: f32, h: f32, color: Color, line: f32) {
        let (col, pt) = (color, Pt(line));
        self.ops.extend([
            Op::SetOutlineColor { col },
            Op::SetOutlineThickness { pt },
            rect(x, y, w, h, PaintMode::Stroke),
        ]);
    }

    /// The QR code as vector rectangles (one per horizontal run of dark modules, all in a
    /// single path): razor sharp at any zoom and smaller than an image.
    fn qr(&mut self, data: &str, x: f32, y: f32, size: f32) -> Result<(), String> {
        let code = QrCode::with_error_correction_level(data, EcLevel::M).map_err(|e| e.to_string())?;
        let (n, colors) = (code.width(), code.to_colors());
        let m = size / n as f32;
        let dark = |r: usize, c: usize| colors[r * n + c] == qrcode::Color::Dark;
        let mut rings = Vec::new();
        for r in 0..n {
            let mut c = 0;
            while c < n {
                let start = c;
                while c < n && dark(r, c) {
                    c += 1;
                }
                if c > start {
                    // Row 0 is the top of the symbol; overlap rows slightly so no seams show.
                    let (x0, x1) = (x + start as f32 * m, x + c as f32 * m);
                    let (y1, y0) = (y + size - r as f32 * m, y + size - (r + 1) as f32 * m - 0.05);
                    let p = |x, y| LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false };
                    rings.push(PolygonRing { points: vec![p(x0, y0), p(x1, y0), p(x1, y1), p(x0, y1)] });
                }
                c += 1;
            }
        }
        let polygon = Polygon { rings, mode: PaintMode::Fill, winding_order: WindingOrder::NonZero };
        self.ops.extend([Op::SetFillColor { col: rgb(0.0, 0.0, 0.0) }, Op::DrawPolygon { polygon }]);
        Ok(())
    }
}

/// Crops the photo to 1-inch proportions (25 × 35 mm) around its centre, never stretching
/// it, and caps it at 300 dpi for that size: more pixels would only make the PDF bigger.
fn photo_image(jpeg: &[u8]) -> Result<RawImage, String> {
    let img = image::load_from_memory_with_format(jpeg, ImageFormat::Jpeg).map_err(|e| format!("photo: {e}"))?;
    let (w, h) = (img.width(), img.height());
    let (cw, ch) = if w * 7 > h * 5 { (h * 5 / 7, h) } else { (w, w * 7 / 5) };
    let mut img = img.crop_imm((w - cw) / 2, (h - ch) / 2, cw.max(1), ch.max(1));
    if cw > 295 {
        img = img.resize_exact(295, 413, FilterType::Triangle);
    }
    RawImage::from_dynamic_image(DynamicImage::ImageRgb8(img.to_rgb8()))
}

/// The holder's photo in the box (x, y, width, height), framed.
fn place_photo(
    doc: &mut PdfDocument,
    c: &mut Canvas,
    jpeg: &[u8],
    (x, y, w, h): (f32, f32, f32, f32),
) -> Result<(), String> {
    let img = photo_image(jpeg)?;
    let (px_w, px_h) = (img.width as f32, img.height as f32);
    let id = doc.add_image(&img);
    c.ops.push(Op::UseXobject {
        id,
        transform: XObjectTransform {
            translate_x: Some(Pt(x)),
            translate_y: Some(Pt(y)),
            scale_x: Some(w / px_w), // at 72 dpi one pixel is one pt
            scale_y: Some(h / px_h),
            dpi: Some(72.0),
            ..Default::default()
        },
    });
    c.stroke(x, y, w, h, GREY, 0.5);
    Ok(())
}

fn save(doc: &mut PdfDocument, pages: Vec<PdfPage>) -> Result<Vec<u8>, String> {
    let mut warnings = Vec::new();
    let opts = PdfSaveOptions { subset_fonts: true, ..Default::default() };
    let bytes = doc.with_pages(pages).save(&opts, &mut warnings);
    match warnings.iter().find(|w| w.severity == PdfParseErrorSeverity::Error) {
        Some(w) => Err(format!("PDF generation: {}", w.msg)),
        None => Ok(bytes),
    }
}

/// One A4 landscape page: title, photo top right, the facts, QR code bottom right.
pub fn render_certificate(
    data: &CertificateData,
    photo_jpeg: Option<&[u8]>,
    font_bytes: &[u8],
) -> Result<Vec<u8>, String> {
    let mut doc = PdfDocument::new(&format!("资格证书 {}", data.serial));
    let font = Font::load(&mut doc, font_bytes)?;
    let (w, h) = (mm(297.0), mm(210.0));
    let mut c = Canvas::new(&font);

    // Double frame: a heavy outer line and a hairline inside it.
    c.stroke(mm(10.0), mm(10.0), w - mm(20.0), h - mm(20.0), RED, 2.5);
    c.stroke(mm(13.0), mm(13.0), w - mm(26.0), h - mm(26.0), RED, 0.6);
    c.bold_centered("资格证书", w / 2.0, mm(172.0), 40.0, RED);
    c.centered("CERTIFICATE", w / 2.0, mm(161.0), 14.0, GREY);

    if let Some(jpeg) = photo_jpeg {
        place_photo(&mut doc, &mut c, jpeg, (mm(247.0), mm(148.0), mm(25.0), mm(35.0)))?;
    }

    let rows = [
        ("姓　　名", &data.holder_name),
        ("身份证号", &data.id_number_masked),
        ("考试名称", &data.exam_title),
        ("通过日期", &data.passed_on),
        ("成　　绩", &data.score),
        ("证书编号", &data.serial),
    ];
    let (label_x, value_x, value_end) = (mm(45.0), mm(80.0), mm(232.0));
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = mm(138.0 - 13.0 * i as f32);
        c.text(label, label_x, y, 15.0, GREY);
        c.fitted(value, value_x, y, 15.0, value_end - value_x);
        c.fill(value_x, y - 5.0, value_end - value_x, 0.4, rgb(0.8, 0.8, 0.8));
    }
    c.text("经考核合格，特发此证。", label_x, mm(50.0), 15.0, BLACK);
    c.text(&format!("发证机构：{}", data.issuer), label_x, mm(32.0), 13.0, BLACK);

    let (qr_x, qr_y, qr_size) = (mm(242.0), mm(28.0), mm(35.0));
    c.qr(&data.verify_url, qr_x, qr_y, qr_size)?;
    c.centered("扫码验证真伪", qr_x + qr_size / 2.0, mm(21.0), 10.0, GREY);

    save(&mut doc, vec![PdfPage::new(Mm(297.0), Mm(210.0), c.ops)])
}

/// A two-column label/value table on A4 portrait. Values wrap; a row that no longer fits
/// moves to the next page, and a row taller than a whole page is split across pages.
pub fn render_form(title: &str, rows: &[(String, String)], font_bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut doc = PdfDocument::new(title);
    let font = Font::load(&mut doc, font_bytes)?;
    let (w, size, lh, pad) = (mm(210.0), 11.0, 16.5, mm(2.5));
    let (left, right, label_w, top, bottom) = (mm(18.0), mm(192.0), mm(42.0), mm(265.0), mm(20.0));
    let lines_per_page = ((top - bottom - 2.0 * pad) / lh) as usize;

    let font = &font;
    let start_page = move |n: usize| {
        let mut c = Canvas::new(font);
        let heading = if n == 1 { title.to_string() } else { format!("{title}（续）") };
        c.bold_centered(&heading, w / 2.0, mm(277.0), 18.0, BLACK);
        c.centered(&format!("第 {n} 页"), w / 2.0, mm(10.0), 9.0, GREY);
        c
    };
    let (mut pages, mut c, mut y) = (Vec::new(), start_page(1), top);

    for (label, value) in rows {
        let mut labels = font.wrap(label, size, label_w - 2.0 * pad).into_iter();
        let mut values = font.wrap(value, size, right - left - label_w - 2.0 * pad).into_iter();
        let mut left_lines = labels.len().max(values.len());
        while left_lines > 0 {
            let fit = ((y - bottom - 2.0 * pad) / lh).max(0.0) as usize;
            // Start a fresh page rather than split a row that would fit on one whole.
            if fit == 0 || (fit < left_lines && left_lines <= lines_per_page && y < top) {
                pages.push(PdfPage::new(Mm(210.0), Mm(297.0), std::mem::take(&mut c.ops)));
                (c, y) = (start_page(pages.len() + 1), top);
                continue;
            }
            let take = left_lines.min(fit);
            let h = take as f32 * lh + 2.0 * pad;
            c.fill(left, y - h, label_w, h, rgb(0.94, 0.94, 0.94));
            for i in 0..take {
                let baseline = y - pad - lh * (i as f32 + 0.75);
                if let Some(s) = labels.next() {
                    c.text(&s, left + pad, baseline, size, GREY);
                }
                if let Some(s) = values.next() {
                    c.text(&s, left + label_w + pad, baseline, size, BLACK);
                }
            }
            c.stroke(left, y - h, label_w, h, GREY, 0.5);
            c.stroke(left + label_w, y - h, right - left - label_w, h, GREY, 0.5);
            (y, left_lines) = (y - h, left_lines - take);
        }
    }
    pages.push(PdfPage::new(Mm(210.0), Mm(297.0), c.ops));
    save(&mut doc, pages)
}
