"""The curriculum's text beside the registry: the stubs' prose in both languages
(``stub_text``) and how the kata writes 繁體中文 (``zh_style``). Imports only the core.
"""
