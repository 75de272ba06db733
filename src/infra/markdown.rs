//! Markdown written by organizers (agendas, minutes) as HTML safe to put in
//! a page or a mail: raw HTML, images and dangerous links are removed.

/// The Markdown as cleaned HTML.
pub fn to_safe_html(text: &str) -> String {
    let parser = pulldown_cmark::Parser::new(text);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    // No images: a picture from elsewhere would tell its server who reads the page.
    ammonia::Builder::default()
        .rm_tags(["img"])
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&html)
        .to_string()
}
