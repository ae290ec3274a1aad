//! The declaration of a rule family's word table.

/// Declares a rule family's word table: the embedded data file, its words read once, and a unit
/// test that the file parses clean (no junk line, no duplicate, no class without a reader).
macro_rules! word_table {
    ($file:literal, $words:ident) => {
        const TABLE: &str = include_str!(concat!("../../resources/", $file));

        static WORDS: std::sync::LazyLock<$words> =
            std::sync::LazyLock::new(|| $words::read(&crate::table::Table::parse($file, TABLE)));

        #[cfg(test)]
        #[test]
        fn word_table_parses_clean() {
            let t = crate::table::Table::parse($file, TABLE);
            let _ = $words::read(&t);
            assert_eq!(t.problems(), Vec::<String>::new());
        }
    };
}
