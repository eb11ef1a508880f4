"""The example project's tests run only inside its own virtual environment, against the
installed wheel (test_project_structure.py does that); the repository's pytest skips them."""

collect_ignore = ["sample_project", "circular_imports"]
