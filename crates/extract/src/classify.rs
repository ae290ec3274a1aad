//! Element classification: which tags and class/id names mark boilerplate, and how strongly a
//! class/id hints at article content (readability's class weight).

/// Tags whose whole subtree never belongs to the article body.
pub(crate) fn is_dropped_tag(tag: &str) -> bool {
    matches!(
        tag,
        "head"
            | "title"
            | "nav"
            | "footer"
            | "aside"
            | "button"
            | "select"
            | "option"
            | "input"
            | "label"
            | "menu"
            | "dialog"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "map"
            | "picture"
            | "img"
            | "figcaption"
            | "meta"
            | "link"
            | "style"
            | "script"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "textarea"
            | "fieldset"
            | "header"
    )
}

/// Block-level tags: text on either side of them belongs to different paragraphs.
pub(crate) fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "figure"
            | "figcaption"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "form"
            | "hr"
            | "address"
            | "center"
            | "details"
            | "summary"
            | "fieldset"
            | "body"
            | "html"
            | "hgroup"
    )
}

/// Boilerplate words matched as whole `-`/`_`-separated parts of a class or id.
const BOILER_WORDS: &[&str] = &[
    "ad",
    "ads",
    "adv",
    "advert",
    "advertisement",
    "advertising",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "share",
    "sharing",
    "shares",
    "social",
    "related",
    "comment",
    "comments",
    "tags",
    "tag",
    "topics",
    "footer",
    "sidebar",
    "promo",
    "banner",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "popup",
    "modal",
    "overlay",
    "breadcrumb",
    "breadcrumbs",
    "byline",
    "caption",
    "credit",
    "credits",
    "author",
    "bio",
    "meta",
    "toolbar",
    "tools",
    "pagination",
    "pager",
    "rss",
    "print",
    "sponsored",
    "sponsor",
    "recommended",
    "recirc",
    "trending",
    "popular",
    "masthead",
    "skip",
    "sronly",
    "outbrain",
    "taboola",
    "disqus",
    "dateline",
    "timestamp",
    "date",
    "embed",
    "video",
    "gallery",
    "slideshow",
    "lightbox",
    "more",
    "readmore",
    "next",
    "prev",
    "disclaimer",
    "copyright",
    "alert",
    "notification",
    "login",
    "follow",
    "rating",
    "toc",
];

fn is_boiler_word(w: &str) -> bool {
    !w.is_empty()
        && w.len() <= 13
        && BOILER_WORDS
            .iter()
            .any(|b| b.len() == w.len() && starts(w.as_bytes(), b.as_bytes()))
}

/// Boilerplate fragments matched anywhere inside a class or id (camelCase names included).
const BOILER_SUBSTR: &[&str] = &[
    "comment",
    "newsletter",
    "breadcrumb",
    "sidebar",
    "related",
    "social",
    "cookie",
    "subscribe",
    "promo",
    "outbrain",
    "taboola",
    "recommend",
    "sponsor",
    "advert",
    "footer",
    "masthead",
    "byline",
    "caption",
    "popup",
    "disqus",
    "share",
    "sr-only",
    "visually-hidden",
    "visuallyhidden",
    "screen-reader",
    "screenreader",
    "signup",
    "sign-up",
    "more-stories",
    "morestories",
    "read-more",
    "readmore",
    "most-read",
    "mostread",
    "most-popular",
    "trending",
    "paywall-prompt",
    "author-info",
    "authorinfo",
    "author-bio",
    "nav-",
    "-nav",
    "navbar",
    "navigation",
    "menu",
    "banner",
    "tooltip",
    "gallery",
    "slideshow",
    "inline-ad",
    "ad-container",
    "ad-slot",
    "adslot",
    "adunit",
    "ad-unit",
    "ad-wrapper",
    "-ads",
    "ads-",
];

/// Whole class names that keep an element even when a boilerplate pattern matches.
const CONTENT_NAMES: &[&str] = &[
    "content", "article", "main", "body", "story", "entry", "post", "hentry", "h-entry",
];

/// Fragments of class names that mark the article body itself.
const CONTENT_SUBSTR: &[&str] = &[
    "article-body",
    "articlebody",
    "article__body",
    "article-content",
    "articlecontent",
    "article__content",
    "article-text",
    "articletext",
    "story-body",
    "storybody",
    "story-content",
    "storycontent",
    "entry-content",
    "post-content",
    "postcontent",
    "post-body",
    "postbody",
    "main-content",
    "maincontent",
    "content-body",
    "content__body",
    "body-text",
    "bodytext",
    "rich-text",
    "richtext",
];

/// Fragments that stay boilerplate even after an article-ish first word ("article-related").
const STRONG_BOILER: &[&str] = &[
    "comment",
    "related",
    "share",
    "social",
    "newsletter",
    "promo",
    "recirc",
    "footer",
    "tags",
    "author",
    "byline",
    "caption",
    "meta",
    "sidebar",
    "more",
    "recommend",
    "sponsor",
    "ad-",
    "-ad",
    "nav",
];

/// Whole class names that hide an element.
const HIDDEN_NAMES: &[&str] = &[
    "hidden",
    "hide",
    "is-hidden",
    "d-none",
    "display-none",
    "invisible",
];

/// What one class or id attribute value says about its element.
#[derive(Clone, Copy, Default, Debug)]
pub(crate) struct NameInfo {
    /// Some name matches a boilerplate pattern.
    pub boiler: bool,
    /// Some name says "content" (overrides `boiler`).
    pub content_like: bool,
    /// Some name names the article body itself (`entry-content`, `article-body`, ...).
    pub body: bool,
    /// Readability class weight of this value (-25, 0 or +25).
    pub weight: i32,
}

impl NameInfo {
    /// Classifies one class or id attribute value.
    pub fn of(value: &str) -> NameInfo {
        let mut info = NameInfo::default();
        let mut weight_mask = 0u8;
        let mut buf = [0u8; 64];
        for name in value.split_ascii_whitespace() {
            // Lower-case into a stack buffer (names longer than 64 bytes are cut: hashes).
            let n = name.len().min(buf.len());
            for (d, s) in buf.iter_mut().zip(name.as_bytes()) {
                *d = s.to_ascii_lowercase();
            }
            let Some(lower) = buf.get(..n).and_then(|x| std::str::from_utf8(x).ok()) else {
                continue;
            };
            let mask = scan(lower.as_bytes());
            weight_mask |= mask;
            if mask & G_CONTENT != 0 {
                info.body = true;
                info.content_like = true;
                continue;
            }
            if CONTENT_NAMES.contains(&lower) {
                info.content_like = true;
                continue;
            }
            let first = lower.split(['-', '_']).next().unwrap_or("");
            if matches!(first, "content" | "main" | "body" | "contents")
                || (matches!(first, "article" | "story" | "post" | "entry") && mask & G_STRONG == 0)
            {
                info.content_like = true;
                continue;
            }
            if HIDDEN_NAMES.contains(&lower)
                || mask & G_BOILER != 0
                || lower.split(['-', '_']).any(is_boiler_word)
            {
                info.boiler = true;
            }
        }
        if weight_mask & G_NEGATIVE != 0 {
            info.weight -= 25;
        }
        if weight_mask & G_POSITIVE != 0 {
            info.weight += 25;
        }
        info
    }
}

/// Class and id together.
#[derive(Clone, Copy, Default, Debug)]
pub(crate) struct ElemNames {
    pub class: NameInfo,
    pub id: NameInfo,
}

impl ElemNames {
    /// True when the class/id names boilerplate and nothing in them says "content".
    pub fn is_boiler(&self) -> bool {
        (self.class.boiler || self.id.boiler) && !(self.class.content_like || self.id.content_like)
    }

    pub fn is_body(&self) -> bool {
        self.class.body || self.id.body
    }

    pub fn weight(&self) -> i32 {
        self.class.weight + self.id.weight
    }
}

/// Memoizes [`NameInfo::of`]: pages repeat the same class strings thousands of times.
#[derive(Default)]
pub(crate) struct NameCache<'a> {
    map: rustc_hash::FxHashMap<&'a str, NameInfo>,
}

impl<'a> NameCache<'a> {
    pub fn get(&mut self, value: &'a str) -> NameInfo {
        if value.is_empty() {
            return NameInfo::default();
        }
        *self.map.entry(value).or_insert_with(|| NameInfo::of(value))
    }

    pub fn names(&mut self, class: &'a str, id: &'a str) -> ElemNames {
        ElemNames {
            class: self.get(class),
            id: self.get(id),
        }
    }
}

/// Readability-style class weight of one attribute value: -25 for boilerplate-like names,
/// +25 for content-like ones (both can apply).
#[cfg(test)]
fn weight_of(value: &str) -> i32 {
    if value.is_empty() {
        return 0;
    }
    let lower = value.to_ascii_lowercase();
    let mask = scan(lower.as_bytes());
    let mut w = 0;
    if mask & G_NEGATIVE != 0 {
        w -= 25;
    }
    if mask & G_POSITIVE != 0 {
        w += 25;
    }
    w
}

const G_BOILER: u8 = 1;
const G_CONTENT: u8 = 2;
const G_STRONG: u8 = 4;
const G_NEGATIVE: u8 = 8;
const G_POSITIVE: u8 = 16;

/// Patterns of all groups, indexed by first byte.
type PatternTable = Vec<Vec<(&'static [u8], u8)>>;

static TABLE: std::sync::LazyLock<PatternTable> = std::sync::LazyLock::new(|| {
    let mut t: PatternTable = vec![Vec::new(); 256];
    let groups: [(&[&'static str], u8); 5] = [
        (BOILER_SUBSTR, G_BOILER),
        (CONTENT_SUBSTR, G_CONTENT),
        (STRONG_BOILER, G_STRONG),
        (NEGATIVE, G_NEGATIVE),
        (POSITIVE, G_POSITIVE),
    ];
    for (pats, g) in groups {
        for p in pats {
            if let Some(&b) = p.as_bytes().first()
                && let Some(slot) = t.get_mut(b as usize)
            {
                slot.push((p.as_bytes(), g));
            }
        }
    }
    t
});

/// `r.starts_with(p)` without a `memcmp` call (patterns are a few bytes long).
fn starts(r: &[u8], p: &[u8]) -> bool {
    r.len() >= p.len() && r.iter().zip(p).all(|(a, b)| a == b)
}

/// Which pattern groups occur in `lower` (one pass, first-byte dispatch).
fn scan(lower: &[u8]) -> u8 {
    let mut mask = 0u8;
    let table: &[Vec<(&[u8], u8)>] = &TABLE;
    for j in 0..lower.len() {
        let Some(&b) = lower.get(j) else { break };
        let Some(pats) = table.get(b as usize) else {
            continue;
        };
        for &(p, g) in pats {
            if mask & g == 0 && lower.get(j..).is_some_and(|r| starts(r, p)) {
                mask |= g;
            }
        }
    }
    mask
}

#[cfg(test)]
fn is_boiler_name(class: &str, id: &str) -> bool {
    ElemNames {
        class: NameInfo::of(class),
        id: NameInfo::of(id),
    }
    .is_boiler()
}

#[cfg(test)]
fn class_weight(class: &str, id: &str) -> i32 {
    weight_of(class) + weight_of(id)
}

const POSITIVE: &[&str] = &[
    "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "post", "text",
    "blog", "story",
];

const NEGATIVE: &[&str] = &[
    "-ad-",
    "hidden",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "foot",
    "footnote",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "tool",
    "byline",
    "caption",
    "recirc",
    "newsletter",
];

/// True when inline style or attributes hide the element.
pub(crate) fn is_hidden(style: Option<&str>, hidden_attr: bool) -> bool {
    if hidden_attr {
        return true;
    }
    let Some(style) = style else {
        return false;
    };
    if !(style.contains("none")
        || style.contains("hidden")
        || style.contains("NONE")
        || style.contains("HIDDEN"))
    {
        return false;
    }
    let s: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    s.contains("display:none") || s.contains("visibility:hidden")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(is_boiler_name("share-bar", ""));
        assert!(is_boiler_name("", "relatedStories"));
        assert!(is_boiler_name("ad", ""));
        assert!(!is_boiler_name("article-body comments-enabled", ""));
        assert!(!is_boiler_name("header-logo", ""));
        assert!(is_boiler_name("related-content", ""));
        assert!(!is_boiler_name("hidden-xs", ""));
        assert!(!is_boiler_name("content-with-sidebar-wrp", ""));
        assert!(is_boiler_name("article-related", ""));
        assert!(!is_boiler_name("read", "loaded"));
        assert!(class_weight("entry-content", "") > 0);
        assert!(class_weight("sidebar", "") < 0);
        assert!(is_hidden(Some("display: none"), false));
        assert!(!is_hidden(Some("color:red"), false));
    }
}
