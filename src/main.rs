use std::process::ExitCode;

fn main() -> ExitCode {
    recette::cli::main()
}
