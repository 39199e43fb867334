//! The admission ticket (准考证): one A4 portrait page with the candidate's photo, the facts of the
//! sitting, the ticket number, the candidate instructions and a QR code to the public check page.
use printpdf::{Mm, PdfDocument, PdfPage};

use super::{mm, place_photo, save, Canvas, Font, BLACK, GREY, RED};

pub struct TicketData {
    pub title: String,
    pub ticket_no: String,
    pub holder_name: String,
    pub id_number_masked: String,
    pub exam: String,
    pub subject: String,
    pub time: String,
    pub site: String,
    pub seat: String,
    pub instructions: Vec<String>,
    pub verify_url: String,
}

pub fn render_ticket(data: &TicketData, photo_jpeg: Option<&[u8]>, font_bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut doc = PdfDocument::new(&format!("准考证 {}", data.ticket_no));
    let font = Font::load(&mut doc, font_bytes)?;
    let w = mm(210.0);
    let mut c = Canvas::new(&font);
    c.bold_centered(&data.title, w / 2.0, mm(272.0), 18.0, BLACK);
    c.bold_centered("准 考 证", w / 2.0, mm(258.0), 26.0, RED);
    if let Some(jpeg) = photo_jpeg {
        place_photo(&mut doc, &mut c, jpeg, (mm(150.0), mm(195.0), mm(30.0), mm(42.0)))?;
    }
    let rows = [
        ("准考证号", &data.ticket_no),
        ("姓　　名", &data.holder_name),
        ("证件号码", &data.id_number_masked),
        ("考试名称", &data.exam),
        ("考试科目", &data.subject),
        ("考试时间", &data.time),
        ("考　　点", &data.site),
        ("座 位 号", &data.seat),
    ];
    let (label_x, value_x, value_end) = (mm(25.0), mm(55.0), mm(185.0));
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = mm(232.0 - 11.0 * i as f32);
        // The first rows sit beside the photo: narrower.
        let end = if i < 4 { mm(145.0) } else { value_end };
        c.text(label, label_x, y, 12.0, GREY);
        c.fitted(value, value_x, y, 12.0, end - value_x);
    }
    c.text("考生须知", label_x, mm(130.0), 13.0, BLACK);
    let mut y = mm(122.0);
    for (n, line) in data.instructions.iter().enumerate() {
        for (i, part) in font.wrap(&format!("{}. {line}", n + 1), 10.5, value_end - label_x).into_iter().enumerate() {
            c.text(&part, if i == 0 { label_x } else { label_x + mm(4.0) }, y, 10.5, BLACK);
            y -= mm(6.0);
        }
    }
    let (qr_x, qr_y, qr_size) = (mm(150.0), mm(22.0), mm(32.0));
    c.qr(&data.verify_url, qr_x, qr_y, qr_size)?;
    c.centered("扫码核验准考证", qr_x + qr_size / 2.0, mm(16.0), 9.0, GREY);
    save(&mut doc, vec![PdfPage::new(Mm(210.0), Mm(297.0), c.ops)])
}
