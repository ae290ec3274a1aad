//! Debug aid: prints the container choice for one HTML file.
fn main() {
    let p = std::env::args().nth(1).unwrap_or_default();
    let h = std::fs::read_to_string(p).unwrap_or_default();
    print!("{}", extract::explain(&h));
}
