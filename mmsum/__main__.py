from .cli import main

if __name__ == "__main__":  # batch worker processes (spawned) import this module again: run nothing then
    raise SystemExit(main())
