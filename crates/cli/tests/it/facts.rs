//! Facts end to end: `ingest` hand-written articles, then `show` (facts by type, both
//! directions, support and first/last seen, conflicting accounts side by side), `graph` and
//! `path` with edge types, support and documents.

use crate::ng;
use serde_json::Value;
use std::path::Path;

/// A small HTML article with a title and a publication date.
fn article(title: &str, published: &str, body: &str) -> String {
    format!(
        "<!doctype html><html><head><title>{title}</title>\n\
         <meta property=\"article:published_time\" content=\"{published}\"></head>\n\
         <body><article><h1>{title}</h1>\n<p>{body}</p>\n\
         <p>Delegates from several countries attended, organizers said.</p>\n\
         </article></body></html>\n"
    )
}

const VILNIUS: &str = "League opens an office";
const RIGA: &str = "Exiles meet in Riga";

fn ingest_two(d: &Path) {
    let news = d.join("news");
    std::fs::create_dir(&news).expect("mkdir");
    std::fs::write(
        news.join("a.html"),
        article(
            VILNIUS,
            "2024-03-01T09:00:00Z",
            "The Baltic Freedom League is based in Vilnius. \
             Oleg Magaletsky founded the Baltic Freedom League in 2021.",
        ),
    )
    .expect("write");
    std::fs::write(
        news.join("b.html"),
        article(
            RIGA,
            "2024-05-20T12:00:00Z",
            "The Baltic Freedom League, based in Riga, held its congress. \
             The Baltic Freedom League was founded by Oleg Magaletsky in 2021.",
        ),
    )
    .expect("write");
    run(d, &["ingest", "--quiet", "news"]);
}

fn run(dir: &Path, args: &[&str]) -> String {
    let out = ng(dir).args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    serde_json::from_str(&run(dir, &all)).expect("json")
}

fn section<'a>(show: &'a Value, predicate: &str) -> &'a Value {
    show["facts"]
        .as_array()
        .expect("facts")
        .iter()
        .find(|s| s["predicate"] == predicate)
        .unwrap_or_else(|| panic!("no {predicate} section in {:#}", show["facts"]))
}

fn other(f: &Value) -> &str {
    f["other"]["name"].as_str().unwrap_or_default()
}

/// The titles of the documents behind one aggregated fact.
fn titles(f: &Value) -> Vec<&str> {
    f["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .filter_map(|e| e["doc"]["title"].as_str())
        .collect()
}

#[test]
fn show_groups_facts_by_type_with_support_and_conflicting_seats() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    ingest_two(d);

    let league = json(d, &["show", "Baltic Freedom League"]);
    // the fields that were there before stay
    for field in [
        "summary",
        "roles",
        "affiliations",
        "quotes",
        "timeline",
        "sources",
    ] {
        assert!(league.get(field).is_some(), "{field} missing");
    }
    // sections in ontology order: founded before based_in
    let order: Vec<&str> = league["facts"]
        .as_array()
        .expect("facts")
        .iter()
        .filter_map(|s| s["predicate"].as_str())
        .collect();
    let pos = |p: &str| order.iter().position(|x| *x == p);
    assert!(pos("founded") < pos("based_in"), "{order:?}");

    // both seats, side by side, each with its own source
    let seats = section(&league, "based_in");
    let conflicts = seats["conflicts"].as_array().expect("conflicts");
    assert_eq!(conflicts.len(), 1, "{seats:#}");
    let members: Vec<&Value> = conflicts[0]["facts"]
        .as_array()
        .expect("members")
        .iter()
        .filter_map(|i| i.as_u64().and_then(|i| seats["facts"].get(i as usize)))
        .collect();
    let mut places: Vec<(&str, Vec<&str>)> =
        members.iter().map(|f| (other(f), titles(f))).collect();
    places.sort();
    assert_eq!(
        places,
        vec![("Riga", vec![RIGA]), ("Vilnius", vec![VILNIUS])]
    );
    assert!(
        members
            .iter()
            .all(|f| f["documents"] == 1 && f["conflict"] == 0)
    );

    // the founding, stated in both documents, seen from the league's side
    let founded = section(&league, "founded");
    let f = &founded["facts"][0];
    assert_eq!(f["direction"], "incoming");
    assert_eq!(f["text"], "founded by Oleg Magaletsky");
    assert_eq!(f["documents"], 2);
    assert!(f["mentions"].as_u64() >= Some(2));
    assert_eq!(f["valid_from"], "2021");
    assert!(
        f["first_seen"]
            .as_str()
            .is_some_and(|s| s.starts_with("2024-03-01"))
    );
    assert!(
        f["last_seen"]
            .as_str()
            .is_some_and(|s| s.starts_with("2024-05-20"))
    );
    assert!(
        f["confidence"]
            .as_f64()
            .is_some_and(|c| c > 0.0 && c <= 1.0)
    );
    let mut t = titles(f);
    t.dedup();
    assert_eq!(t, vec![VILNIUS, RIGA]);
    assert!(founded["conflicts"].as_array().is_some_and(Vec::is_empty));

    // the same in text
    let text = run(d, &["show", "Baltic Freedom League"]);
    assert!(text.contains("conflicting accounts"), "{text}");
    assert!(text.contains("based in Vilnius"), "{text}");
    assert!(text.contains("based in Riga"), "{text}");
    assert!(
        text.contains("founded by Oleg Magaletsky (2021) — 2 documents"),
        "{text}"
    );
    assert!(
        text.contains("first seen 2024-03-01, last seen 2024-05-20"),
        "{text}"
    );
    assert!(
        text.contains("“The Baltic Freedom League is based in Vilnius.” — League opens an office"),
        "{text}"
    );

    // and from the founder's side: outgoing
    let oleg = json(d, &["show", "Oleg Magaletsky"]);
    let f = &section(&oleg, "founded")["facts"][0];
    assert_eq!(f["direction"], "outgoing");
    assert_eq!(f["text"], "founded Baltic Freedom League");
    assert_eq!(f["documents"], 2);
}

#[test]
fn graph_and_path_show_edge_types_support_and_documents() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    ingest_two(d);

    // two hops out from the founder reach both seats through the league
    let g = json(d, &["graph", "Oleg Magaletsky", "--depth", "2"]);
    let edges = g["edges"].as_array().expect("edges");
    let edge = |p: &str, o: &str| {
        edges
            .iter()
            .find(|e| e["predicate"] == p && e["object"] == o)
            .unwrap_or_else(|| panic!("no {p} {o} edge in {edges:#?}"))
    };
    let founded = edge("founded", "Baltic Freedom League");
    assert_eq!(founded["depth"], 1);
    assert_eq!(founded["support"], 2);
    let docs: Vec<&str> = founded["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter_map(|x| x["title"].as_str())
        .collect();
    assert_eq!(docs, vec![VILNIUS, RIGA]);
    for (place, title) in [("Vilnius", VILNIUS), ("Riga", RIGA)] {
        let e = edge("based_in", place);
        assert_eq!(e["depth"], 2);
        assert_eq!(e["support"], 1);
        assert_eq!(e["conflicting"], true);
        assert_eq!(e["documents"][0]["title"], title);
    }
    let text = run(d, &["graph", "Oleg Magaletsky", "--depth", "2"]);
    assert!(text.contains("—based_in→ Riga"), "{text}");
    assert!(text.contains("in: Exiles meet in Riga"), "{text}");

    // from a place to the founder: the first hop is an incoming fact of the place
    let p = json(d, &["path", "Vilnius", "Oleg Magaletsky"]);
    assert_eq!(p["found"], true);
    let hops = p["hops"].as_array().expect("hops");
    assert_eq!(hops.len(), 2, "{p:#}");
    assert_eq!(hops[0]["from"], "Vilnius");
    assert_eq!(hops[0]["predicate"], "based_in");
    assert_eq!(hops[0]["links"][0]["direction"], "incoming");
    assert_eq!(hops[0]["documents"][0]["title"], VILNIUS);
    assert_eq!(hops[1]["predicate"], "founded");
    assert_eq!(hops[1]["support"], 2);
    let text = run(d, &["path", "Vilnius", "Oleg Magaletsky"]);
    assert!(
        text.contains("Baltic Freedom League —based_in→ Vilnius  (1 document"),
        "{text}"
    );
    assert!(text.contains("— Exiles meet in Riga"), "{text}");
}

#[test]
fn a_founding_dated_differently_elsewhere_is_a_conflict_in_time() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    ingest_two(d);
    std::fs::write(
        d.join("news/c.html"),
        article(
            "A league with a past",
            "2024-06-02T08:00:00Z",
            "The Baltic Freedom League is based in Vilnius. \
             Oleg Magaletsky founded the Baltic Freedom League in 2019.",
        ),
    )
    .expect("write");
    run(d, &["ingest", "--quiet", "news"]);
    let oleg = json(d, &["show", "Oleg Magaletsky"]);
    let founded = section(&oleg, "founded");
    let conflicts = founded["conflicts"].as_array().expect("conflicts");
    assert_eq!(conflicts.len(), 1, "{founded:#}");
    assert_eq!(conflicts[0]["kind"], "time");
    // both dates kept, each with its support
    let mut dated: Vec<(String, u64)> = founded["facts"]
        .as_array()
        .expect("facts")
        .iter()
        .map(|f| {
            (
                f["valid_from"].as_str().unwrap_or_default().to_string(),
                f["documents"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    dated.sort();
    assert_eq!(
        dated,
        vec![("2019".to_string(), 1), ("2021".to_string(), 2)]
    );
    let text = run(d, &["show", "Oleg Magaletsky"]);
    assert!(
        text.contains("conflicting accounts: when Oleg Magaletsky founded Baltic Freedom League"),
        "{text}"
    );
}

#[test]
fn show_and_the_exports_say_when_a_relation_has_ended() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    ingest_two(d);
    // Two facts about Magaletsky and the league, stated in the founding sentence: a role that
    // has ended without a date ("former"), and a membership that ended in 2009.
    {
        let mut s = store::Store::open(d.join("newsgraph.db")).expect("store");
        let oleg = s
            .find_entity("Oleg Magaletsky")
            .expect("find")
            .expect("Oleg");
        let league = s
            .find_entity("Baltic Freedom League")
            .expect("find")
            .expect("league");
        let founded = s
            .facts(Some(oleg), 10)
            .expect("facts")
            .into_iter()
            .find(|f| f.predicate == "founded")
            .expect("a founding");
        let fact = |predicate: &str, value: Option<&str>| store::Fact {
            subject: oleg,
            predicate: predicate.into(),
            object_entity: Some(league),
            object_value: value.map(str::to_string),
            valid_from: None,
            valid_to: None,
            status: None,
            doc: founded.doc.id,
            range: founded.span.range(),
            producer: "test@1".into(),
            confidence: 0.7,
        };
        s.add_fact(&store::Fact {
            status: Some("former".into()),
            ..fact("holds_role", Some("chair"))
        })
        .expect("role");
        s.add_fact(&store::Fact {
            valid_to: Some("2009".into()),
            ..fact("member_of", None)
        })
        .expect("membership");
    }
    let text = run(d, &["show", "Oleg Magaletsky"]);
    assert!(
        text.contains("formerly held role “chair” of Baltic Freedom League — 1 document"),
        "{text}"
    );
    assert!(
        text.contains("member of Baltic Freedom League (until 2009)"),
        "{text}"
    );
    let league = run(d, &["show", "Baltic Freedom League"]);
    assert!(
        league.contains("role “chair” formerly held by Oleg Magaletsky"),
        "{league}"
    );
    let oleg = json(d, &["show", "Oleg Magaletsky"]);
    let role = &section(&oleg, "holds_role")["facts"][0];
    assert_eq!(role["status"], "former");
    assert_eq!(role["phrase"], "formerly held role");
    // a statement that has not ended has no status at all
    assert!(
        section(&oleg, "founded")["facts"][0]
            .get("status")
            .is_none()
    );

    let ftm = run(d, &["export", "--format", "ftm"]);
    let occupancy: Value = ftm
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("json line"))
        .find(|l| l["schema"] == "Occupancy")
        .expect("an occupancy");
    assert_eq!(occupancy["properties"]["status"][0], "ended");
    let jsonld: Value =
        serde_json::from_str(&run(d, &["export", "--format", "jsonld"])).expect("json");
    let former: Vec<&Value> = jsonld["@graph"]
        .as_array()
        .expect("graph")
        .iter()
        .filter(|x| x["disambiguatingDescription"] == "former")
        .collect();
    assert_eq!(former.len(), 1);
    assert_eq!(former[0]["additionalType"], "holds_role");
    let graphml = run(d, &["export", "--format", "graphml"]);
    assert!(
        graphml.contains(r#"<data key="status">former</data>"#),
        "{graphml}"
    );
}
