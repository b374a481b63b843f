//! `POST /users/import`: the CSV roster.

use latih_identity::entity::user;
use latih_kernel::Role;
use latih_tests::{TestApp, problem, send};
use reqwest::{Method, RequestBuilder};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

const ROSTER: &str = "\
nip,name,email,employment_type,unit,position,rank,roles
198503122010012003,Maria Fernandez,maria@kupangkota.go.id,pns,BKPSDM,Analis Kebijakan,III/c,learner;mentor
199001012023211001,Yosef Lado,yosef@kupangkota.go.id,pppk,Bidang Kompetensi,Pranata Komputer,IX,learner
,Dr. Nona Speaker,nona@undana.ac.id,non_asn,,,,instructor
198513122010012003,NIP Salah,salah@kupangkota.go.id,pns,BKPSDM,,III/a,learner
199101012015031004,E-mail Salah,bukan-email,pns,BKPSDM,,III/a,learner
199101012015031005,Unit Salah,unit@kupangkota.go.id,pns,Tidak Ada,,III/a,learner
199101012015031006,Peran Salah,peran@kupangkota.go.id,pns,,,III/a,platform_admin
";

fn import(app: &TestApp, token: &str, body: &str) -> RequestBuilder {
    app.request(Method::POST, "/api/v1/users/import")
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(body.to_owned())
}

async fn organization_with_units(app: &TestApp) -> (Uuid, latih_tests::TestUser) {
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    let units = format!("/api/v1/organizations/{org}/units");
    send(app.post(&units, &admin.token, &json!({"name": "BKPSDM", "parent_id": null, "code": "BKPSDM"}))).await;
    send(app.post(&units, &admin.token, &json!({"name": "Bidang Kompetensi", "parent_id": null}))).await;
    (org, admin)
}

fn error_lines(report: &Value) -> Vec<u64> {
    report["errors"].as_array().into_iter().flatten().filter_map(|e| e["line"].as_u64()).collect()
}

#[actix_web::test]
async fn good_lines_are_imported_and_bad_lines_reported() {
    let app = TestApp::new().await;
    let (org, admin) = organization_with_units(&app).await;
    let (status, report) = send(import(&app, &admin.token, ROSTER)).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["created"], 3, "{report}");
    assert_eq!(report["updated"], 0);
    assert_eq!(error_lines(&report), vec![5, 6, 7, 8], "{report}");
    let maria = user::Entity::find()
        .filter(user::Column::Email.eq("maria@kupangkota.go.id"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("maria imported");
    assert_eq!(maria.organization_id, Some(org));
    assert_eq!(maria.roles, "learner,mentor");
    assert_eq!(maria.rank.as_deref(), Some("III/c"));
    assert!(maria.unit_id.is_some());
    assert!(maria.password_hash.is_none(), "imported people get no password");
    let total = user::Entity::find().filter(user::Column::OrganizationId.eq(org)).count(&app.db).await.expect("count");
    assert_eq!(total, 4, "three imported and the admin");
}

#[actix_web::test]
async fn a_rerun_changes_nothing_and_a_changed_line_updates_by_nip() {
    let app = TestApp::new().await;
    let (_, admin) = organization_with_units(&app).await;
    send(import(&app, &admin.token, ROSTER)).await;
    let (_, again) = send(import(&app, &admin.token, ROSTER)).await;
    assert_eq!(
        (again["created"].as_u64(), again["updated"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(0), Some(3))
    );
    let changed = "nip,name,email,employment_type,unit,position,rank,roles\n\
        198503122010012003,Maria Fernandez,maria.f@kupangkota.go.id,pns,BKPSDM,Analis Kebijakan Ahli Muda,III/d,learner;mentor\n";
    let (_, report) = send(import(&app, &admin.token, changed)).await;
    assert_eq!((report["created"].as_u64(), report["updated"].as_u64()), (Some(0), Some(1)), "{report}");
    let maria = user::Entity::find()
        .filter(user::Column::Nip.eq("198503122010012003"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("maria");
    assert_eq!(maria.email, "maria.f@kupangkota.go.id");
    assert_eq!(maria.rank.as_deref(), Some("III/d"));
}

#[actix_web::test]
async fn a_person_of_another_organization_is_not_touched() {
    let app = TestApp::new().await;
    let (_, admin) = organization_with_units(&app).await;
    let jayapura = app.organization("JAYAPURA", "Asia/Jayapura").await;
    let stranger = app.user(Some(jayapura), &[Role::Learner]).await;
    let roster = format!(
        "nip,name,email,employment_type,unit,position,rank,roles\n,Diambil,{},non_asn,,,,learner\n",
        stranger.email
    );
    let (_, report) = send(import(&app, &admin.token, &roster)).await;
    assert_eq!(error_lines(&report), vec![2]);
    let stored = user::Entity::find_by_id(stranger.id).one(&app.db).await.expect("query").expect("stranger");
    assert_eq!(stored.organization_id, Some(jayapura));
}

#[actix_web::test]
async fn the_import_refuses_other_roles_organizations_types_and_sizes() {
    let app = TestApp::with_env(&[("LATIH_IMPORT_MAX_BYTES", "2048")]).await;
    let (org, admin) = organization_with_units(&app).await;
    for role in [Role::Learner, Role::Instructor, Role::Mentor, Role::Supervisor] {
        let someone = app.user(Some(org), &[role]).await;
        problem(import(&app, &someone.token, ROSTER), 403, "forbidden").await;
    }
    let jayapura = app.organization("JAYAPURA", "Asia/Jayapura").await;
    let request = import(&app, &admin.token, ROSTER).query(&[("organization_id", jayapura.to_string())]);
    problem(request, 404, "not_found").await;
    let json_body = app.request(Method::POST, "/api/v1/users/import").bearer_auth(&admin.token).json(&json!({}));
    problem(json_body, 415, "unsupported_media_type").await;
    let big = format!("{ROSTER}{}", ",Orang,orang@x.go.id,non_asn,,,,\n".repeat(100));
    problem(import(&app, &admin.token, &big), 413, "payload_too_large").await;
    let streamed = futures_util::stream::iter(
        (0..100).map(|_| Ok::<_, std::io::Error>(",Orang,orang@x.go.id,non_asn,,,,\n".to_owned())),
    );
    let chunked = app
        .request(Method::POST, "/api/v1/users/import")
        .bearer_auth(&admin.token)
        .header("content-type", "text/csv")
        .body(reqwest::Body::wrap_stream(futures_util::stream::StreamExt::chain(
            futures_util::stream::iter([Ok::<_, std::io::Error>("name,email,employment_type\n".to_owned())]),
            streamed,
        )));
    problem(chunked, 413, "payload_too_large").await;
    let missing = "nip,name,unit\n198503122010012003,Maria,BKPSDM\n";
    let body = problem(import(&app, &admin.token, missing), 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "header");
}

#[actix_web::test]
async fn a_platform_admin_imports_into_a_named_organization() {
    let app = TestApp::new().await;
    let (org, _) = organization_with_units(&app).await;
    let platform = app.user(None, &[Role::PlatformAdmin]).await;
    problem(import(&app, &platform.token, ROSTER), 422, "validation_failed").await;
    let (status, report) =
        send(import(&app, &platform.token, ROSTER).query(&[("organization_id", org.to_string())])).await;
    assert_eq!((status.as_u16(), report["created"].as_u64()), (200, Some(3)));
}
