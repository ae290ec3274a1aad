#!/usr/bin/env python3
"""Count string literals in the non-test Rust code of quote, coref, timex, relate (issue 20).
usage: python3 scripts/count-literals.py [REPO_ROOT]   (the repository root by default)
The count of issue 20: string literals outside `#[cfg(test)]` code, tests.rs and tests/ folders,
comments removed."""
import re, sys, pathlib
root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
tot = 0
for crate in ["quote", "coref", "timex", "relate"]:
    n = 0
    for p in (root / f"crates/{crate}/src").rglob("*.rs"):
        if p.name == "tests.rs" or "tests" in p.parts[p.parts.index("src"):]:
            continue
        s = p.read_text()
        i = s.find("#[cfg(test)]")
        if i >= 0:
            s = s[:i]
        s = re.sub(r"//[^\n]*", "", s)
        n += len(re.findall(r'r#*"|"(?:[^"\\]|\\.)*"', s))
    print(crate, n)
    tot += n
print("total", tot)
