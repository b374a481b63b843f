//! `/docs` works with no way out of the network: every asset comes from the server itself.

use latih_tests::TestApp;
use reqwest::Method;

fn attribute_values<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    let needle = format!("{attribute}=\"");
    html.match_indices(&needle).filter_map(|(at, _)| html[at + needle.len()..].split('"').next()).collect()
}

#[actix_web::test]
async fn the_docs_page_loads_every_asset_from_the_server() {
    let app = TestApp::new().await;
    let redirect = app.request(Method::GET, "/docs").send().await.expect("docs");
    assert_eq!(redirect.status(), 308);
    assert_eq!(redirect.headers().get("location").and_then(|v| v.to_str().ok()), Some("/docs/"));
    let html = app.request(Method::GET, "/docs/").send().await.expect("page").text().await.expect("html");
    let assets: Vec<&str> = attribute_values(&html, "src").into_iter().chain(attribute_values(&html, "href")).collect();
    assert!(assets.len() >= 4, "{html}");
    for asset in assets {
        assert!(!asset.contains("//"), "external asset {asset}");
        let path = format!("/docs/{}", asset.trim_start_matches("./"));
        let response = app.request(Method::GET, &path).send().await.expect("asset");
        assert_eq!(response.status(), 200, "{path}");
    }
    let initializer = app
        .request(Method::GET, "/docs/swagger-initializer.js")
        .send()
        .await
        .expect("initializer")
        .text()
        .await
        .expect("js");
    assert!(initializer.contains("\"/openapi.json\""), "{initializer}");
    assert!(!initializer.contains("http://") && !initializer.contains("https://"), "{initializer}");
    assert!(initializer.contains("\"validatorUrl\": \"none\""), "no call to an online validator");
}
