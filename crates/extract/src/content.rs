//! Main-content selection and text assembly over the arena, block by block.
//!
//! 1. Boilerplate marking: tags that never hold text, hidden elements, and blocks whose
//!    class/id names say boilerplate. Names decide only for whole blocks: an inline element
//!    (a topic link, a pop-up link, a span) that shares its paragraph with other text keeps its
//!    words whatever its name, unless the name says it is invisible or metadata (caption,
//!    credit, byline); a container of running prose that continues the paragraphs before it
//!    ("read more") is kept whatever its name. Captions, credits and bylines are collected for
//!    the metadata on the way. Each decision is recorded ([`Why`]) for `--explain`.
//! 2. Bottom-up aggregates: text length, link text, commas, paragraph/image/input/heading counts.
//! 3. Paragraph scoring: each paragraph scores its first five ancestors (readability's rule;
//!    paragraphs that are mostly links score in proportion to their plain text); the best
//!    container is refined (shared ancestor of near-best candidates, score climb) and joined
//!    with siblings that look like article text (not galleries: as many pictures as
//!    paragraphs). Loose text next to block children counts as a paragraph of its element;
//!    strong candidates with the best one's class elsewhere on the page join (articles split
//!    by asides). [`Pass::WholePage`] takes the whole body instead (pages with no article).
//! 4. Text assembly: headings, paragraphs, quotes and list items in page order, one line per
//!    block, with whole boxes inside the region dropped when link-heavy, image-heavy, forms or
//!    near-empty (readability's conditional cleaning), furniture lines ("Advertisement",
//!    "Read more: ...", newsletter calls) cut, and credit lines ("Photo: ...") moved to the
//!    metadata. Never a word from inside a kept block.

use crate::classify::{ElemNames, NameCache, is_block, is_dropped_tag, is_hidden};
use crate::dom::{Data, Dom, is_ws};

/// Per-node aggregates over non-dropped content.
#[derive(Clone, Copy, Default)]
struct Agg {
    text: u32,
    link: u32,
    commas: u32,
    paras: u32,
    imgs: u32,
    inputs: u32,
    direct_text: u32,
    /// Text of direct text nodes and inline children (the "loose" phrasing content).
    inline_text: u32,
    inline_commas: u32,
    block_children: u32,
    elem_children: u32,
    /// `<a>` elements in the subtree.
    links: u32,
    /// `<blockquote>` elements with text in the subtree (quotes and embedded posts).
    quotes: u32,
    /// Text inside `h2`-`h6` headings in the subtree.
    heads: u32,
}

/// One emitted piece of text: a byte range of the output and the text node it came from.
pub(crate) struct Piece {
    pub start: usize,
    pub end: usize,
    pub node: usize,
}

/// What content extraction produces.
pub(crate) struct Content {
    pub text: String,
    pub pieces: Vec<Piece>,
    pub captions: Vec<String>,
    pub credits: Vec<String>,
    pub bylines: Vec<String>,
    pub explain: String,
}

/// Text length of a string counted as characters of its words plus one space after each.
fn text_len(t: &str) -> u32 {
    let mut n = 0u32;
    let mut in_word = false;
    if t.is_ascii() {
        for &b in t.as_bytes() {
            let ws = matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
            if !ws {
                n += 1;
                if !in_word {
                    n += 1;
                }
            }
            in_word = !ws;
        }
        return n;
    }
    for c in t.chars() {
        let ws = is_ws(c);
        if !ws {
            n += 1;
            if !in_word {
                n += 1;
            }
        }
        in_word = !ws;
    }
    n
}

fn class_id<'a>(dom: &Dom<'a>, i: usize) -> (&'a str, &'a str) {
    let n = dom.nodes.get(i);
    (
        n.and_then(|n| n.attr("class")).unwrap_or(""),
        n.and_then(|n| n.attr("id")).unwrap_or(""),
    )
}

/// Extracts the article text from the arena in one [`Pass`].
pub(crate) fn extract(dom: &Dom<'_>, pass: Pass, want_explain: bool) -> Content {
    let relaxed = pass == Pass::Relaxed;
    let n = dom.len();
    let mut captions = Vec::new();
    let mut credits = Vec::new();
    let mut bylines = Vec::new();

    // Raw text per subtree, to refuse class-based drops of page-sized wrappers.
    // Also: which subtrees hold an element named as the article body.
    let mut cache = NameCache::default();
    let mut names = vec![ElemNames::default(); n];
    let mut raw = vec![0u32; n];
    // Raw text of the phrasing run of each element: its direct text and inline children.
    let mut raw_inline = vec![0u32; n];
    // Raw link text and long paragraphs (`<p>` of 80+ characters) per subtree: prose density.
    let mut raw_link = vec![0u32; n];
    let mut raw_paras = vec![0u32; n];
    let mut raw_imgs = vec![0u32; n];
    let mut has_body = vec![false; n];
    let mut has_quote = vec![false; n];
    for i in (0..n).rev() {
        if let Some(node) = dom.nodes.get(i) {
            match node.data {
                Data::Text(t) => raw[i] = text_len(t),
                Data::Elem(e) => {
                    let (c, id) = (e.attr("class").unwrap_or(""), e.attr("id").unwrap_or(""));
                    if e.attr("itemprop")
                        .is_some_and(|v| v.eq_ignore_ascii_case("articleBody"))
                        || ((body_hint(c) || body_hint(id)) && cache.names(c, id).is_body())
                    {
                        has_body[i] = true;
                    }
                }
            }
            let tag = node.tag();
            if tag == "blockquote" && raw[i] >= 25 {
                has_quote[i] = true;
            }
            if tag == "a" {
                raw_link[i] = raw[i];
            }
            if tag == "p" && raw[i] >= 80 {
                raw_paras[i] += 1;
            }
            if tag == "img" || tag == "picture" {
                raw_imgs[i] += 1;
            }
            let (v, hb, hq) = (raw[i], has_body[i], has_quote[i]);
            let (vl, vp, vi) = (raw_link[i], raw_paras[i], raw_imgs[i]);
            if let Some(p) = dom.parent(i) {
                if hq && let Some(slot) = has_quote.get_mut(p) {
                    *slot = true;
                }
                if let Some(slot) = raw.get_mut(p) {
                    *slot += v;
                }
                if let Some(slot) = raw_link.get_mut(p) {
                    *slot += vl;
                }
                if let Some(slot) = raw_paras.get_mut(p) {
                    *slot += vp;
                }
                if let Some(slot) = raw_imgs.get_mut(p) {
                    *slot += vi;
                }
                if !is_block(tag)
                    && let Some(slot) = raw_inline.get_mut(p)
                {
                    *slot += v;
                }
                if hb && let Some(slot) = has_body.get_mut(p) {
                    *slot = true;
                }
            }
        }
    }
    let body = dom.elements_named("body").next().unwrap_or(0);
    let page_text = raw.get(body).copied().unwrap_or(0).max(1);

    // 1. Drop marks (pre-order: parents first).
    let mut dropped = vec![false; n];
    let mut reason = vec![Why::Kept; n];
    let mut captured = vec![false; n];
    // Nearest block-level ancestor of each node (the paragraph an inline element belongs to).
    let mut block_of = vec![usize::MAX; n];
    // The previous element sibling of each element, and the last element child seen so far.
    let mut last_child = vec![usize::MAX; n];
    for i in 0..n {
        let parent = dom.parent(i);
        let mut prev_sibling = usize::MAX;
        if let Some(p) = parent
            && matches!(dom.nodes.get(i).map(|x| &x.data), Some(Data::Elem(_)))
            && let Some(slot) = last_child.get_mut(p)
        {
            prev_sibling = *slot;
            *slot = i;
        }
        if let Some(p) = parent {
            block_of[i] = if is_block(dom.tag(p)) {
                p
            } else {
                block_of.get(p).copied().unwrap_or(usize::MAX)
            };
        }
        let parent_dropped = parent.is_some_and(|p| dropped.get(p).copied().unwrap_or(false));
        let Some(node) = dom.nodes.get(i) else {
            continue;
        };
        let Data::Elem(e) = node.data else {
            dropped[i] = parent_dropped;
            continue;
        };
        let tag = e.name();
        let (class, id) = (e.attr("class").unwrap_or(""), e.attr("id").unwrap_or(""));
        // Names are classified only where they can matter: outside dropped subtrees.
        if !parent_dropped && !is_dropped_tag(tag) {
            names[i] = cache.names(class, id);
        }
        let mut why = Why::Kept;
        if tag == "html" || tag == "body" {
        } else if is_dropped_tag(tag) {
            why = Why::Tag;
        } else if is_hidden(e.attr("style"), e.attr("hidden").is_some())
            || e.attr("aria-hidden") == Some("true") && raw[i] * 2 < page_text
        {
            why = Why::Hidden;
        } else if e
            .attr("itemprop")
            .is_some_and(|v| v.eq_ignore_ascii_case("articleBody"))
        {
        } else if !relaxed
            && names[i].is_boiler()
            && raw[i] * 2 < page_text
            && !has_body[i]
            && (!has_quote[i] || names_say_comments(class, id))
        {
            // Only whole blocks go by their names: an inline element (a link, a span) that
            // shares its paragraph with other text keeps its words, unless its name says it
            // is invisible or metadata (a caption, credit or byline set into the line).
            let in_running_text = !is_block(tag)
                && raw[i] > 0
                && block_of
                    .get(i)
                    .and_then(|&b| raw_inline.get(b))
                    .is_some_and(|&run| run >= raw[i] + 25);
            // A container of running prose that continues the paragraphs before it (the rest
            // of a story behind "read more") is not dropped by its name; comment sections,
            // galleries and link lists are.
            let continues =
                dom.tag(prev_sibling) == "p" && raw.get(prev_sibling).is_some_and(|&r| r >= 80);
            let prose = continues
                && raw_paras[i] >= 2
                && raw[i] >= 400
                && raw_link[i] * 5 < raw[i]
                && raw_imgs[i] * 2 < raw_paras[i]
                && !names_say_comments(class, id);
            if in_running_text && !names_say_metadata_or_invisible(class, id) {
                why = Why::KeptInline;
            } else if prose && !names_say_metadata_or_invisible(class, id) {
                why = Why::KeptProse;
            } else {
                why = Why::Name;
            }
        }
        let own = why.drops();
        reason[i] = if parent_dropped { Why::Inside } else { why };
        // Captions, credits and bylines go to metadata, also from dropped headers (not from inside an
        // element already captured, nor from the head).
        let parent_captured = dom
            .parent(i)
            .is_some_and(|p| captured.get(p).copied().unwrap_or(false));
        if parent_captured {
            captured[i] = true;
        } else if (own || parent_dropped) && tag != "head" && raw[i] > 0 && raw[i] < 400 {
            let lc = format!("{class} {id}").to_ascii_lowercase();
            if tag == "figcaption" || lc.contains("caption") {
                push_unique(&mut captions, dom.text_of(i));
                captured[i] = true;
            } else if lc.contains("credit") && raw[i] < 200 {
                push_unique(&mut credits, dom.text_of(i));
                captured[i] = true;
            } else if lc.contains("comment") || lc.contains("social") || lc.contains("share") {
                // comment forms ("comment-form-author") and author social links are not bylines
            } else if lc.contains("byline")
                || e.attr("rel") == Some("author")
                || e.attr("itemprop")
                    .is_some_and(|v| v.eq_ignore_ascii_case("author"))
                || (lc.contains("author") && !lc.contains("bio") && raw[i] < 120)
            {
                push_unique(&mut bylines, dom.text_of(i));
                captured[i] = true;
            }
        }
        dropped[i] = own || parent_dropped;
    }

    // 2. Aggregates (reverse pre-order: children before parents).
    let mut agg = vec![Agg::default(); n];
    for i in (0..n).rev() {
        let Some(node) = dom.nodes.get(i) else {
            continue;
        };
        let parent = dom.parent(i);
        if dropped[i] {
            if let (Some(p), Data::Elem(e)) = (parent, &node.data)
                && !dropped.get(p).copied().unwrap_or(true)
                && let Some(pa) = agg.get_mut(p)
            {
                match e.name() {
                    "img" | "picture" => pa.imgs += 1,
                    "input" | "select" | "textarea" | "button" => pa.inputs += 1,
                    _ => {}
                }
            }
            continue;
        }
        let mut a = agg[i];
        let mut is_blk = false;
        match node.data {
            Data::Text(t) => {
                a.text = text_len(t);
                a.commas = t.matches([',', '，', '、']).count() as u32;
            }
            Data::Elem(e) => {
                let tag = e.name();
                if tag == "a" {
                    a.link = a.text;
                    a.links += 1;
                }
                if tag == "blockquote" && a.text >= 25 {
                    a.quotes += 1;
                }
                if tag == "p" {
                    a.paras += 1;
                }
                if matches!(tag, "h2" | "h3" | "h4" | "h5" | "h6") {
                    a.heads = a.text;
                }
                is_blk = is_block(tag);
            }
        }
        agg[i] = a;
        if let Some(p) = parent
            && let Some(pa) = agg.get_mut(p)
        {
            pa.text += a.text;
            pa.link += a.link;
            pa.commas += a.commas;
            pa.paras += a.paras;
            pa.imgs += a.imgs;
            pa.inputs += a.inputs;
            pa.links += a.links;
            pa.quotes += a.quotes;
            pa.heads += a.heads;
            match node.data {
                Data::Text(_) => {
                    pa.direct_text += a.text;
                    pa.inline_text += a.text;
                    pa.inline_commas += a.commas;
                }
                Data::Elem(_) => {
                    pa.elem_children += 1;
                    if is_blk {
                        pa.block_children += 1;
                    } else {
                        pa.inline_text += a.text;
                        pa.inline_commas += a.commas;
                    }
                }
            }
        }
    }

    // 3. Scoring.
    let mut score: Vec<Option<f32>> = vec![None; n];
    let init = |i: usize| -> f32 {
        let base = match dom.tag(i) {
            "div" => 5.0,
            "pre" | "td" | "blockquote" => 3.0,
            "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
            _ => 0.0,
        };
        base + names[i].weight() as f32
    };
    for i in 0..n {
        if dropped[i] {
            continue;
        }
        let tag = dom.tag(i);
        let a = agg[i];
        let para_like = match tag {
            "p" | "pre" | "td" | "h2" | "h3" | "h4" | "h5" | "h6" => true,
            "div" | "section" | "article" | "span" | "font" | "center" => {
                a.block_children == 0 && a.direct_text > 0 && !is_inline_parent(dom, i)
            }
            _ => false,
        };
        // Loose phrasing content next to block children counts as a paragraph of its own
        // element (readability wraps such runs in <p>).
        let loose = !para_like
            && a.block_children > 0
            && a.inline_text >= 25
            && matches!(
                tag,
                "div" | "section" | "article" | "main" | "td" | "blockquote" | "center" | "font"
            );
        let (len, commas, first) = if loose {
            (a.inline_text, a.inline_commas, Some(i))
        } else if para_like && a.text >= 25 {
            (a.text, a.commas, dom.parent(i))
        } else {
            continue;
        };
        // A paragraph that is mostly links (a list of names, tags or teasers) says little
        // about where the article is.
        let own_ld = if loose || a.text == 0 || a.link * 2 <= a.text {
            0.0
        } else {
            (a.link as f32 / a.text as f32).min(1.0)
        };
        let s = (1.0 + commas as f32 + (len / 100).min(3) as f32) * (1.0 - own_ld);
        let mut anc = first;
        let mut level = 0u32;
        while let Some(p) = anc {
            if level >= 5 {
                break;
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            let cur = score[p].unwrap_or_else(|| init(p));
            score[p] = Some(cur + s / div);
            anc = dom.parent(p);
            level += 1;
        }
    }
    let final_score = |i: usize| -> Option<f32> {
        let s = score.get(i).copied().flatten()?;
        let a = agg.get(i)?;
        let ld = if a.text > 0 {
            a.link as f32 / a.text as f32
        } else {
            0.0
        };
        Some(s * (1.0 - ld))
    };
    let mut ranked: Vec<(f32, usize)> = (0..n)
        .filter(|&i| !dropped[i])
        .filter_map(|i| final_score(i).map(|s| (s, i)))
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));

    let mut top = match ranked.first() {
        Some(&(_, i)) => i,
        None => body,
    };
    let top_score = ranked.first().map_or(0.0, |r| r.0);

    if top != body && top_score > 0.0 {
        // a. Several near-best candidates under one ancestor: take the ancestor.
        let alts: Vec<usize> = ranked
            .iter()
            .skip(1)
            .take(4)
            .filter(|(s, _)| *s / top_score >= 0.75)
            .map(|&(_, i)| i)
            .collect();
        if alts.len() >= 3 {
            let mut anc = dom.parent(top);
            while let Some(p) = anc {
                if p == body || dom.tag(p) == "html" {
                    break;
                }
                let end = dom.nodes.get(p).map_or(p, |x| x.end as usize);
                let inside = alts.iter().filter(|&&a| a > p && a < end).count();
                if inside >= 3 {
                    top = p;
                    break;
                }
                anc = dom.parent(p);
            }
        }
        // b. Climb while the parent scores higher (the scores should not get too low).
        let mut last = final_score(top).unwrap_or(top_score);
        let threshold = last / 3.0;
        let mut anc = dom.parent(top);
        while let Some(p) = anc {
            if p == body || dom.tag(p) == "html" {
                break;
            }
            let Some(ps) = final_score(p) else {
                anc = dom.parent(p);
                continue;
            };
            if ps < threshold {
                break;
            }
            if ps > last {
                top = p;
                break;
            }
            last = ps;
            anc = dom.parent(p);
        }
        // c. Only child: its parent is the container.
        while let Some(p) = dom.parent(top) {
            if p == body || dom.tag(p) == "html" || agg[p].elem_children != 1 {
                break;
            }
            top = p;
        }
    }

    // Siblings that look like article text.
    let mut include: Vec<usize> = Vec::new();
    let top_final = final_score(top).unwrap_or(top_score);
    match dom.parent(top) {
        _ if pass == Pass::WholePage => include.push(body),
        Some(parent) if top != body => {
            let threshold = (top_final * 0.2).max(10.0);
            let top_class = class_id(dom, top).0;
            for s in dom.children(parent) {
                if s == top {
                    include.push(s);
                    continue;
                }
                if dropped[s] || !matches!(dom.nodes[s].data, Data::Elem(_)) {
                    continue;
                }
                // A gallery or grid of pictures next to the article is not more of it.
                if agg[s].imgs >= 3
                    && agg[s].imgs >= agg[s].paras
                    && agg[s].text < agg[s].imgs * 200
                {
                    continue;
                }
                let bonus = if !top_class.is_empty() && class_id(dom, s).0 == top_class {
                    top_final * 0.2
                } else {
                    0.0
                };
                let ok = match final_score(s) {
                    Some(sc) if sc + bonus >= threshold => true,
                    _ => {
                        let a = agg[s];
                        let tag = dom.tag(s);
                        if tag == "p" || (tag == "div" && a.block_children == 0) {
                            let ld = if a.text > 0 {
                                a.link as f32 / a.text as f32
                            } else {
                                1.0
                            };
                            let t = dom.text_of(s);
                            (a.text > 80 && ld < 0.25)
                                || (a.text > 0 && a.text <= 80 && a.link == 0 && ends_sentence(&t))
                        } else {
                            false
                        }
                    }
                };
                if ok {
                    include.push(s);
                }
            }
        }
        _ => include.push(top),
    }
    // Articles split into several sections by interleaved asides: other strong candidates with
    // the same class as the best one join, in page order.
    if let Some(&(best_score, best)) = ranked.first() {
        let best_class = class_id(dom, best).0;
        if !best_class.is_empty() && top != body && pass != Pass::WholePage {
            for &(sc, c) in ranked.iter().skip(1).take(32) {
                if sc < best_score * 0.2 || class_id(dom, c).0 != best_class {
                    continue;
                }
                let overlaps = include.iter().any(|&k| {
                    let ke = dom.nodes.get(k).map_or(k, |x| x.end as usize);
                    let ce = dom.nodes.get(c).map_or(c, |x| x.end as usize);
                    (c >= k && c < ke) || (k >= c && k < ce)
                });
                if !overlaps {
                    include.push(c);
                }
            }
            include.sort_unstable();
        }
    }

    // 4. Text assembly.
    let marks = Marks {
        dropped: &dropped,
        reason: &reason,
        agg: &agg,
        score: &score,
        names: &names,
    };
    let mut em = Emitter::new();
    em.relaxed = relaxed;
    for &root in &include {
        em.walk(dom, root, &marks, &[]);
    }
    let explain = if want_explain {
        let mut x = String::new();
        for &(sc, i) in ranked.iter().take(12) {
            x.push_str(&format!(
                "CAND {} score={sc:.1} text={} link={}\n",
                describe(dom, i),
                agg[i].text,
                agg[i].link
            ));
        }
        x.push_str(&format!(
            "MAIN region: {}\n",
            include
                .iter()
                .map(|&i| describe(dom, i))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        let mut ex = Emitter::new();
        ex.relaxed = relaxed;
        ex.log = Some(x);
        ex.walk(dom, body, &marks, &include);
        ex.log.unwrap_or_default()
    } else {
        String::new()
    };
    for c in em.credits {
        push_unique(&mut credits, c);
    }
    Content {
        text: em.out,
        pieces: em.pieces,
        captions,
        credits,
        bylines,
        explain,
    }
}

/// Cheap pre-check for [`ElemNames::is_body`]: every body-naming pattern contains one of these.
fn body_hint(v: &str) -> bool {
    if v.len() < 4 {
        return false;
    }
    v.as_bytes().windows(4).any(|w| {
        let l = [
            w[0].to_ascii_lowercase(),
            w[1].to_ascii_lowercase(),
            w[2].to_ascii_lowercase(),
            w[3].to_ascii_lowercase(),
        ];
        &l == b"body" || &l == b"tent" || &l == b"text"
    })
}

/// Han, kana and hangul: scripts written without spaces between words.
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff)
}

/// Which pass of the extractor runs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Pass {
    /// Main region chosen by scores; boilerplate names read.
    Main,
    /// Names not read, no cleaning inside the region (pages where names hide the article).
    Relaxed,
    /// The whole page body, names read and boxes cleaned (pages with no article).
    WholePage,
}

/// Why an element is in or out of the text (for `--explain`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Why {
    /// Nothing against it.
    Kept,
    /// A boilerplate name on an inline element inside running text: kept.
    KeptInline,
    /// A boilerplate name on a container of running prose: kept.
    KeptProse,
    /// A tag that never holds article text (nav, aside, figcaption, form controls...).
    Tag,
    /// Hidden by style, `hidden` or `aria-hidden`.
    Hidden,
    /// A boilerplate class/id name on a block.
    Name,
    /// Inside a dropped element.
    Inside,
}

impl Why {
    fn drops(self) -> bool {
        matches!(self, Why::Tag | Why::Hidden | Why::Name | Why::Inside)
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            Why::Kept => "kept",
            Why::KeptInline => "kept: inline element in running text (its name is not read)",
            Why::KeptProse => "kept: running prose under a boilerplate-like name",
            Why::Tag => "dropped: tag never holds article text",
            Why::Hidden => "dropped: hidden",
            Why::Name => "dropped: boilerplate class/id",
            Why::Inside => "dropped: inside a dropped element",
        }
    }
}

/// Names of things that are invisible (screen-reader text, hidden) or metadata set apart from
/// the text (captions, photo credits, bylines): those go even from inside a paragraph.
fn names_say_metadata_or_invisible(class: &str, id: &str) -> bool {
    let l = format!("{class} {id}").to_ascii_lowercase();
    const WORDS: [&str; 12] = [
        "caption",
        "credit",
        "byline",
        "sr-only",
        "visually-hidden",
        "visuallyhidden",
        "screen-reader",
        "screenreader",
        "hidden",
        "invisible",
        "d-none",
        "offscreen",
    ];
    WORDS.iter().any(|w| l.contains(w))
}

/// Comment sections keep their quotes out of the text.
fn names_say_comments(class: &str, id: &str) -> bool {
    let l = format!("{class} {id}").to_ascii_lowercase();
    l.contains("comment") || l.contains("disqus") || l.contains("repl")
}

/// True when an element sits inside a `<p>` (then the `<p>` is the paragraph, not it).
fn is_inline_parent(dom: &Dom<'_>, i: usize) -> bool {
    let mut anc = dom.parent(i);
    let mut k = 0;
    while let Some(p) = anc {
        if k > 3 {
            break;
        }
        if dom.tag(p) == "p" {
            return true;
        }
        anc = dom.parent(p);
        k += 1;
    }
    false
}

fn ends_sentence(t: &str) -> bool {
    let t = t.trim_end();
    t.ends_with(['.', '!', '?', '"', '”', '。']) || t.contains(". ")
}

fn push_unique(v: &mut Vec<String>, s: String) {
    let s = s.trim().to_string();
    if !s.is_empty() && s.len() < 2000 && v.len() < 64 && !v.contains(&s) {
        v.push(s);
    }
}

/// True when the text holds something shaped like an e-mail address.
fn has_email(l: &str) -> bool {
    l.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        match w.split_once('@') {
            Some((user, host)) => {
                !user.is_empty()
                    && user
                        .chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+'))
                    && host.contains('.')
                    && host
                        .chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-'))
            }
            None => false,
        }
    })
}

/// Lower-cased alphanumeric fingerprint, for comparing short lines with furniture words.
fn fingerprint(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Short lines that are page furniture even inside the article container.
fn is_furniture(p: &str) -> bool {
    if p.len() < 200 {
        let l = p.to_lowercase();
        const CALLS: [&str; 8] = [
            "newsletter",
            "subscribe to",
            "subscribe now",
            "sign up for",
            "sign up to",
            "in your inbox",
            "to your inbox",
            "into your inbox",
        ];
        if CALLS.iter().any(|w| l.contains(w)) {
            return true;
        }
        // Cross-links set into the text: "Related: ...", "READ MORE: ...", "DON'T MISS".
        const LEADS: [&str; 12] = [
            "related:",
            "read more:",
            "see more:",
            "more:",
            "also read:",
            "read also:",
            "see also:",
            "watch:",
            "recommended:",
            "don't miss",
            "don’t miss",
            "must read:",
        ];
        let trimmed = l.trim_start();
        if LEADS.iter().any(|w| trimmed.starts_with(w)) {
            return true;
        }
    }
    if p.len() < 300 {
        // Author contact and follow lines closing a story.
        let l = p.to_lowercase();
        const CONTACT: [&str; 11] = [
            "follow him on",
            "follow her on",
            "follow them on",
            "follow us on",
            "follow me on",
            "may be reached at",
            "can be reached at",
            "email him at",
            "email her at",
            "email us at",
            "contact him at",
        ];
        if CONTACT.iter().any(|w| l.contains(w)) || has_email(&l) {
            return true;
        }
    }
    // Unrendered WordPress shortcodes: "[button link=...]Send us a review[/button]".
    if p.starts_with('[') && p.contains("[/") {
        return true;
    }
    if p.len() > 64 {
        return false;
    }
    let f = fingerprint(p);
    matches!(
        f.as_str(),
        "advertisement"
            | "ad"
            | "ads"
            | "sponsored"
            | "share"
            | "sharethisarticle"
            | "sharethisstory"
            | "readmore"
            | "continuereading"
            | "storycontinuesbelowadvertisement"
            | "storycontinuesbelow"
            | "scrolltocontinuewithcontent"
            | "relatedarticles"
            | "related"
            | "relatedstories"
            | "relatedcontent"
            | "morestories"
            | "recommended"
            | "skipadvertisement"
            | "clickheretosubscribe"
            | "loading"
            | "comments"
            | "comment"
            | "leaveacomment"
            | "telluswhatyouthink"
            | "closemodal"
    )
}

/// What the emitter reads besides the arena.
struct Marks<'m> {
    dropped: &'m [bool],
    reason: &'m [Why],
    agg: &'m [Agg],
    score: &'m [Option<f32>],
    names: &'m [ElemNames],
}

/// Accumulates paragraphs and the text-node pieces they came from.
struct Emitter {
    out: String,
    pieces: Vec<Piece>,
    cur: String,
    cur_pieces: Vec<Piece>,
    cur_link: u32,
    cur_len: u32,
    /// The block element the current paragraph belongs to (for `--explain`).
    cur_block: String,
    relaxed: bool,
    credits: Vec<String>,
    /// `--explain` mode: every block is logged with its verdict and nothing is emitted.
    log: Option<String>,
    /// In `--explain` mode: where the current main-region root ends (0: outside).
    main_end: usize,
}

/// The first characters of a text, on one line.
fn clip(t: &str, max: usize) -> String {
    let one: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
    match one.char_indices().nth(max) {
        Some((k, _)) => format!("{}…", one.get(..k).unwrap_or("")),
        None => one,
    }
}

fn describe(dom: &Dom<'_>, i: usize) -> String {
    let (c, id) = class_id(dom, i);
    let mut d = format!("#{i} <{}>", dom.tag(i));
    if !c.is_empty() {
        d.push_str(&format!(" class={:?}", clip(c, 40)));
    }
    if !id.is_empty() {
        d.push_str(&format!(" id={:?}", clip(id, 40)));
    }
    d
}

/// Short credit lines set into the text: "Photo: Ann Lee/Reuters", "(Image credit: NASA)",
/// "Mark Wilson/Getty Images".
pub(crate) fn is_credit_line(p: &str) -> bool {
    if p.len() > 160 || p.is_empty() {
        return false;
    }
    let l = p.trim().to_lowercase();
    let l = l.trim_start_matches(['(', '[']);
    const LEADS: [&str; 22] = [
        "photo:",
        "photos:",
        "photo by ",
        "photos by ",
        "photo credit",
        "photograph:",
        "photograph by ",
        "photographs by ",
        "photography:",
        "photography by ",
        "image:",
        "images:",
        "image by ",
        "image credit",
        "image source:",
        "credit:",
        "credits:",
        "picture:",
        "pictures:",
        "illustration:",
        "illustration by ",
        "source: getty",
    ];
    if LEADS.iter().any(|w| l.starts_with(w)) {
        return true;
    }
    let words = l.split_whitespace().count();
    const AGENCIES: [&str; 9] = [
        "getty images",
        "ap photo",
        "associated press",
        "reuters",
        "afp",
        "epa",
        "shutterstock",
        "istock",
        "alamy",
    ];
    words <= 8
        && (l.contains('/') || l.starts_with('©') || l.starts_with("(c)"))
        && AGENCIES.iter().any(|a| l.contains(a))
        && !l.ends_with(['.', '!', '?'])
}

impl Emitter {
    fn new() -> Self {
        Emitter {
            out: String::new(),
            pieces: Vec::new(),
            cur: String::new(),
            cur_pieces: Vec::new(),
            cur_link: 0,
            cur_len: 0,
            cur_block: String::new(),
            relaxed: false,
            credits: Vec::new(),
            log: None,
            main_end: 0,
        }
    }

    fn note(&mut self, line: String) {
        if let Some(log) = &mut self.log {
            log.push_str(&line);
            log.push('\n');
        }
    }

    /// Emits the subtree of `root`, skipping dropped and conditionally cleaned elements. In
    /// `--explain` mode `include` lists the main-region roots; otherwise it is ignored.
    fn walk(&mut self, dom: &Dom<'_>, root: usize, m: &Marks<'_>, include: &[usize]) {
        let end = dom.nodes.get(root).map_or(root, |n| n.end as usize);
        // Open elements: (subtree end, is block, is link, element).
        let mut stack: Vec<(usize, bool, bool, usize)> = Vec::new();
        let mut links = 0u32;
        let mut i = root;
        let explaining = self.log.is_some();
        while i < end {
            while let Some(&(e, blk, lnk, _)) = stack.last() {
                if e > i {
                    break;
                }
                stack.pop();
                if blk {
                    self.flush();
                    if explaining && let Some(&(_, _, _, el)) = stack.iter().rev().find(|x| x.1) {
                        self.cur_block = describe(dom, el);
                    }
                }
                if lnk {
                    links = links.saturating_sub(1);
                }
            }
            let Some(node) = dom.nodes.get(i) else { break };
            if explaining && i >= self.main_end {
                if self.main_end != 0 {
                    self.flush();
                    self.main_end = 0;
                }
                if include.contains(&i) {
                    self.flush();
                    self.main_end = (node.end as usize).max(i + 1);
                    self.note(format!("MAIN {} (main region starts)", describe(dom, i)));
                }
            }
            if m.dropped.get(i).copied().unwrap_or(true) {
                if explaining {
                    let w = m.reason.get(i).copied().unwrap_or(Why::Inside);
                    let t = dom.text_of(i);
                    if w != Why::Inside && !t.is_empty() {
                        self.flush();
                        self.note(format!(
                            "DROP {} {}: {:?}",
                            describe(dom, i),
                            w.label(),
                            clip(&t, 70)
                        ));
                    }
                }
                i = (node.end as usize).max(i + 1);
                continue;
            }
            match node.data {
                Data::Text(t) => {
                    self.push_text(t, i, links > 0);
                    i += 1;
                }
                Data::Elem(e) => {
                    let tag = e.name();
                    // (In `--explain` mode a box holding a main-region root is walked into.)
                    let holds_main = explaining && {
                        let e = (node.end as usize).max(i + 1);
                        include.iter().any(|&r| r > i && r < e)
                    };
                    if i != root
                        && !holds_main
                        && let Some(why) = self.skip_element(dom, i, tag, m)
                    {
                        if explaining {
                            let t = dom.text_of(i);
                            if !t.is_empty() {
                                self.flush();
                                self.note(format!(
                                    "DROP {} dropped: {why}: {:?}",
                                    describe(dom, i),
                                    clip(&t, 70)
                                ));
                            }
                        }
                        i = (node.end as usize).max(i + 1);
                        continue;
                    }
                    if explaining
                        && matches!(
                            m.reason.get(i),
                            Some(Why::KeptInline) | Some(Why::KeptProse)
                        )
                    {
                        let w = m.reason.get(i).copied().unwrap_or(Why::Kept);
                        self.note(format!("NOTE {} {}", describe(dom, i), w.label()));
                    }
                    if tag == "br" {
                        if !self.cur.is_empty() && !self.cur.ends_with('\n') {
                            let t = self.cur.trim_end().len();
                            self.cur.truncate(t);
                            self.cur.push('\n');
                        }
                        i += 1;
                        continue;
                    }
                    let blk = is_block(tag);
                    if blk {
                        self.flush();
                        if explaining {
                            self.cur_block = describe(dom, i);
                        }
                    }
                    let lnk = tag == "a";
                    if lnk {
                        links += 1;
                    }
                    stack.push(((node.end as usize).max(i + 1), blk, lnk, i));
                    i += 1;
                }
            }
        }
        self.flush();
    }

    /// Why an element inside the main region is left out, if it is.
    fn skip_element(
        &self,
        dom: &Dom<'_>,
        i: usize,
        tag: &str,
        m: &Marks<'_>,
    ) -> Option<&'static str> {
        let a = m.agg.get(i).copied().unwrap_or_default();
        match tag {
            // Headings inside the main region stay, each on its own line (the headline too:
            // it is part of what the page says; the metadata also has it as the title).
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => return None,
            _ if self.relaxed => return None,
            "div" | "section" | "ul" | "ol" | "table" | "form" | "aside" | "dl" => {}
            _ if !is_block(tag) => {
                // An inline box of three or more links and nothing else (a hover card's story
                // list set inside a paragraph, a link list): not words of the paragraph. A
                // single link (a topic link, a glossary pop-up) always stays.
                let cluster = |a: &Agg| a.links >= 3 && a.text > 0 && a.link * 10 >= a.text * 9;
                if !cluster(&a) {
                    return None;
                }
                // A name link wrapped together with its hover card: only the card (an inner
                // box of links holding most of the link text) goes, when the walk reaches it.
                let card_inside = dom.children(i).any(|c| {
                    !is_block(dom.tag(c))
                        && m.agg
                            .get(c)
                            .is_some_and(|ca| cluster(ca) && ca.link * 2 >= a.link)
                });
                return (!card_inside).then_some("an inline box of links");
            }
            _ => return None,
        }
        if a.quotes > 0 && a.link * 2 < a.text {
            return None;
        }
        let weight = m.names.get(i).map_or(0, ElemNames::weight) as f32;
        let cs = m.score.get(i).copied().flatten().unwrap_or(0.0);
        let ld = if a.text > 0 {
            a.link as f32 / a.text as f32
        } else {
            0.0
        };
        // A negative name ("media", "meta", "tool"...) does not remove running prose.
        let prose = a.paras > 0 && a.text >= 100 && ld < 0.25;
        if weight + cs < 0.0 && !prose {
            return Some("a box with a negative score");
        }
        if a.commas >= 10 {
            return None;
        }
        let is_list = matches!(tag, "ul" | "ol" | "dl");
        let p = a.paras as f32;
        if a.imgs > 1 && p / (a.imgs as f32) < 0.5 {
            return Some("more images than paragraphs");
        }
        if a.inputs as f32 > (p / 3.0).floor() {
            return Some("a form");
        }
        // A short box is dropped, unless it is a heading's wrapper.
        if !is_list && a.text < 25 && a.heads * 2 < a.text.max(1) && (a.imgs == 0 || a.imgs > 2) {
            return Some("a box with almost no text");
        }
        if (!is_list && weight < 25.0 && ld > 0.2)
            || (weight >= 25.0 && ld > 0.5)
            || (is_list && ld > 0.5)
        {
            return Some("a link-heavy box");
        }
        None
    }

    fn push_text(&mut self, t: &str, node: usize, in_link: bool) {
        let starts_ws = t.starts_with(is_ws);
        let mut first = true;
        let mut start = None;
        for part in t.split(is_ws).filter(|p| !p.is_empty()) {
            if (!first || starts_ws) && !self.cur.is_empty() && !self.cur.ends_with([' ', '\n']) {
                self.cur.push(' ');
            } else if first
                && let (Some(a), Some(b)) = (self.cur.chars().next_back(), part.chars().next())
                && ((is_cjk(a) && b.is_ascii_alphanumeric())
                    || (a.is_ascii_alphanumeric() && is_cjk(b)))
            {
                // CJK text glued to Latin across an element boundary ("ソフト<a>KeePass</a>")
                // reads as two words.
                self.cur.push(' ');
            }
            if start.is_none() {
                start = Some(self.cur.len());
            }
            self.cur.push_str(part);
            first = false;
        }
        if let Some(s) = start {
            let e = self.cur.len();
            self.cur_pieces.push(Piece {
                start: s,
                end: e,
                node,
            });
            let l = text_len(t);
            self.cur_len += l;
            if in_link {
                self.cur_link += l;
            }
        }
        if t.ends_with(is_ws) && !self.cur.is_empty() && !self.cur.ends_with([' ', '\n']) {
            self.cur.push(' ');
        }
    }

    fn flush(&mut self) {
        let trimmed_end = self.cur.trim_end().len();
        self.cur.truncate(trimmed_end);
        let link_line =
            self.cur_len > 0 && self.cur_link * 10 >= self.cur_len * 9 && self.cur_len < 200;
        let credit = !self.cur.is_empty() && is_credit_line(&self.cur);
        let verdict = if self.cur.is_empty() {
            None
        } else if self.log.is_some() && self.main_end == 0 {
            Some("dropped: outside the main region")
        } else if credit {
            Some("credit (in the metadata)")
        } else if is_furniture(&self.cur) {
            Some("dropped: page furniture line")
        } else if link_line {
            Some("dropped: a line of links")
        } else {
            Some("kept")
        };
        if self.log.is_some() {
            if let Some(v) = verdict {
                let line = format!(
                    "{} {} {v}: {:?}",
                    if v == "kept" { "KEEP" } else { "DROP" },
                    self.cur_block,
                    clip(&self.cur, 70)
                );
                self.note(line);
            }
        } else if verdict == Some("kept") {
            if !self.out.is_empty() {
                self.out.push_str("\n\n");
            }
            let base = self.out.len();
            self.out.push_str(&self.cur);
            for p in self.cur_pieces.drain(..) {
                if p.end <= trimmed_end {
                    self.pieces.push(Piece {
                        start: base + p.start,
                        end: base + p.end,
                        node: p.node,
                    });
                }
            }
        } else if credit {
            push_unique(&mut self.credits, self.cur.clone());
        }
        self.cur.clear();
        self.cur_pieces.clear();
        self.cur_link = 0;
        self.cur_len = 0;
    }
}
