"""The interview of `phieu fill`: a state machine over the form (machine.py), its questionary prompts
(prompts.py, the one module that imports questionary and prompt_toolkit), the command's flow with drafts,
resume and edit (fill.py), and answers files for filling with no terminal (answersfile.py)."""
