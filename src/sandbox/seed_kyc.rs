//! Demo KYC for the main tenant: documents on file, ratify results that passed and failed, decided
//! (verified, rejected) and awaiting manual verification, at fixed times before the seed date.
use super::{customers, documents, ratify};
use crate::eclipse::{
    models::{Customer, DocumentType, NewDocument},
    timestamps,
};
use chrono::{DateTime, Duration, Utc};
use sqlx::SqlitePool;

/// The smallest whole PNG (1×1): a stand-in for a photo of an ID card or a selfie.
const TINY_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 0,
    1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89, 0, 0, 0, 0x0D, 0x49, 0x44, 0x41, 0x54,
    0x78, 0x9C, 0x63, 0x60, 0x60, 0x60, 0xF8, 0x0F, 0, 1, 4, 1, 0, 0x5F, 0xE5, 0xC3, 0x4B, 0, 0, 0,
    0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];
const TINY_PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

pub async fn seed_kyc(
    db: &SqlitePool,
    tenant_id: i64,
    count: i64,
    seed_date: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let rows = sqlx::query_as::<_, customers::Row>(&format!(
        "SELECT {} FROM customers WHERE tenant_id = ? ORDER BY customer_id LIMIT ?",
        customers::COLUMNS
    ))
    .bind(tenant_id)
    .bind(count)
    .fetch_all(db)
    .await?;
    let failed = |_| sqlx::Error::RowNotFound;
    for (i, row) in rows.into_iter().enumerate() {
        let customer = Customer::from(row);
        let at = seed_date - Duration::hours(3 * (count - i as i64));
        let mut files =
            vec![(DocumentType::NationalIdentity, "id_front.png", "image/png", TINY_PNG)];
        if i < count as usize * 4 / 5 {
            files.push((DocumentType::FacialPhoto, "selfie.png", "image/png", TINY_PNG));
            files.push((
                DocumentType::ProofOfAddress,
                "utility_bill.pdf",
                "application/pdf",
                TINY_PDF,
            ));
        }
        for (kind, name, content_type, bytes) in files {
            let doc = NewDocument {
                document_type: kind,
                file_name: name.into(),
                content_type: content_type.into(),
                content: String::new(),
                external_unique_id: None,
            };
            let ocr = kind.is_identity().then(|| documents::profile_ocr(&customer));
            documents::insert(db, tenant_id, customer.customer_id, &doc, bytes, ocr.as_ref(), at)
                .await
                .map_err(failed)?;
        }
        let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
        let ratified = ratify::run(&mut tx, tenant_id, &customer, at).await.map_err(failed)?;
        tx.commit().await?;
        let result_id = ratified.ratify_result_id;
        // Seven in ten decided (mostly verified), the rest await a reviewer.
        let decision = match i % 10 {
            0..=5 => Some(("VERIFIED", None, "FULL")),
            6 => Some(("REJECTED", Some("DATA_MISMATCH"), "NONE")),
            _ => None,
        };
        if let Some((status, reason, level)) = decision {
            let decided = timestamps::format(at + Duration::minutes(30));
            sqlx::query("UPDATE ratify_results SET verified_status = ?, verified_by = 'mzansi.reviewer', verified_at = ?, reason = ?, last_modified = ? WHERE ratify_result_id = ?")
                .bind(status)
                .bind(&decided)
                .bind(reason)
                .bind(&decided)
                .bind(result_id)
                .execute(db)
                .await?;
            sqlx::query("UPDATE customers SET kyc_level = ? WHERE customer_id = ?")
                .bind(level)
                .bind(customer.customer_id)
                .execute(db)
                .await?;
        }
    }
    Ok(())
}
