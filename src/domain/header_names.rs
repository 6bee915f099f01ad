//! How a header's odd names are read, one rule for the engine (`store::header`) and for
//! `recette init`, which must name columns exactly as the engine will read them.

/// Whether the header ends with the delimiter: an empty last name after at least one other.
pub fn ends_with_delimiter(names: &[String]) -> bool {
    names.len() > 1 && names.last().is_some_and(|n| n.trim().is_empty())
}

/// Names each unnamed column `column<position>` (`column2_1` when that name is taken) and
/// returns the positions (from 0) it named.
pub fn name_the_unnamed(names: &mut [String]) -> Vec<usize> {
    let mut named = Vec::new();
    for i in 0..names.len() {
        if !names[i].trim().is_empty() {
            continue;
        }
        let base = format!("column{}", i + 1);
        let mut name = base.clone();
        let mut n = 0;
        while names.contains(&name) {
            n += 1;
            name = format!("{base}_{n}");
        }
        names[i] = name;
        named.push(i);
    }
    named
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unnamed_columns_take_their_position_and_never_a_name_in_use() {
        let mut names: Vec<String> = ["id", "", "column2", " "].map(String::from).to_vec();
        assert_eq!(name_the_unnamed(&mut names), [1, 3]);
        assert_eq!(names, ["id", "column2_1", "column2", "column4"]);
        assert!(ends_with_delimiter(&["a".into(), "".into()]));
        assert!(!ends_with_delimiter(&["".into()]));
    }
}
