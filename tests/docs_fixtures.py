"""Documents for the document tests: a folder with a fact planted in one Markdown file, one PDF and
one Chinese text file, among distractors; and a minimal PDF writer (one text line a row, pages)."""

from __future__ import annotations

from pathlib import Path

QUIBBLE_FACT = "The Quibble password is MANGO-77."
ZORBLAT_FACT = "The zorblats of planet Vex have exactly nine legs and sleep upside down."
CHINESE_FACT = "泽布拉星球上的居民有三条腿，他们喜欢在月光下唱歌。"

DISTRACTORS = {
    "bread.md": "# Baking bread\n\nKnead the dough for ten minutes. Let it rise for an hour in a warm place.\n"
                "Bake at 220 degrees until the crust is brown.\n",
    "bikes.txt": "A bicycle has two wheels, a chain and pedals. Riders should check the tyre pressure weekly.\n"
                 "Gears make hills easier to climb.\n",
    "moon.md": "The Moon orbits the Earth every 27 days. Its surface is covered in craters and dust.\n",
    "tea.txt": "绿茶和红茶都来自同一种茶树。泡绿茶的水温最好在八十度左右。\n",
    "notes.py": "def greet(name):\n    \"\"\"Say hello.\"\"\"\n    return f'Hello, {name}!'\n",
}


def write_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A valid PDF with one page per item, each a few lines of ASCII text in Helvetica."""
    objects: list[bytes] = []

    def add(body: str) -> int:
        objects.append(body.encode("latin-1"))
        return len(objects)

    font = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    page_ids = []
    pages_id = len(objects) + 1 + 2 * len(pages)  # the /Pages object comes after every page and its stream
    for lines in pages:
        text = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(
            "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '" for line in lines) + " ET"
        stream = add(f"<< /Length {len(text)} >>\nstream\n{text}\nendstream")
        page_ids.append(add(f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 612 792] "
                            f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {stream} 0 R >>"))
    assert add("<< /Type /Pages /Kids [" + " ".join(f"{p} 0 R" for p in page_ids) + f"] /Count {len(pages)} >>") \
        == pages_id
    catalog = add(f"<< /Type /Catalog /Pages {pages_id} 0 R >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def planted_folder(root: Path) -> Path:
    """A folder with the three planted facts (Markdown, PDF page 2, Chinese text) and distractors."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "passwords.md").write_text("# Club notes\n\nMeetings are on Tuesdays.\n\n" + "Bring snacks. " * 20 +
                                       f"\n\n{QUIBBLE_FACT}\nDo not share it outside the club.\n", encoding="utf-8")
    write_pdf(root / "creatures.pdf", [["A field guide to strange animals.", "Chapter one: the oceans."],
                                       ["Chapter two: other planets.", ZORBLAT_FACT, "They eat blue moss."]])
    (root / "星球.txt").write_text("外星生物笔记\n\n" + CHINESE_FACT + "\n", encoding="utf-8")
    for name, text in DISTRACTORS.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "empty.pdf").write_bytes(b"%PDF-1.4\nnot really a pdf")
    return root


# Word pairs the test embedding model gives the same meaning (and no shared letters to search by).
SYNONYMS = (("automobile", "car"), ("physician", "doctor"))
# Words it gives no meaning at all, as a trained model gives them little: "the" links nothing to nothing.
FUNCTION_WORDS = ("the", "a", "an", "is", "are", "my", "and", "than", "where", "what", "which", "there", "of", "in",
                  "to", "?", ".", ",")


def write_embedding_model(folder: Path, starter: Path, dimension: int = 384) -> Path:
    """A sentence-transformers folder (modules.json, 1_Pooling, Normalize) holding a bag-of-words
    BERT: no layers, so a text's vector is the mean of its tokens' random vectors, and the words of
    each pair in SYNONYMS share one vector (FUNCTION_WORDS have none). It finds "car" for "automobile",
    as a real embedding model would, and nothing for unrelated text."""
    import json

    import torch
    from transformers import AutoTokenizer, BertConfig, BertModel

    tokenizer = AutoTokenizer.from_pretrained(starter)
    config = BertConfig(vocab_size=len(tokenizer), hidden_size=dimension, num_hidden_layers=0,
                        num_attention_heads=1, intermediate_size=dimension, max_position_embeddings=512,
                        pad_token_id=tokenizer.eos_token_id)
    model = BertModel(config, add_pooling_layer=False)
    generator = torch.Generator().manual_seed(0)
    with torch.no_grad():
        words = model.embeddings.word_embeddings.weight
        words.copy_(torch.randn(words.shape, generator=generator))
        model.embeddings.position_embeddings.weight.zero_()
        model.embeddings.token_type_embeddings.weight.zero_()
        for word, synonym in SYNONYMS:
            meaning = words[tokenizer(" " + synonym, add_special_tokens=False)["input_ids"]].mean(dim=0)
            for spelling in (word, " " + word, synonym, " " + synonym, word.title(), " " + word.title()):
                for token in tokenizer(spelling, add_special_tokens=False)["input_ids"]:
                    words[token] = meaning
        for word in FUNCTION_WORDS:
            for spelling in (word, " " + word, word.title(), " " + word.title()):
                ids = tokenizer(spelling, add_special_tokens=False)["input_ids"]
                if len(ids) == 1:
                    words[ids[0]] = 0.0  # LayerNorm keeps a zero vector zero: it adds nothing to the mean
    folder.mkdir(parents=True, exist_ok=True)
    model.half().save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    (folder / "modules.json").write_text(json.dumps([
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}]))
    (folder / "1_Pooling").mkdir(exist_ok=True)
    (folder / "1_Pooling" / "config.json").write_text(json.dumps({
        "word_embedding_dimension": dimension, "pooling_mode_cls_token": False, "pooling_mode_mean_tokens": True,
        "pooling_mode_max_tokens": False, "pooling_mode_mean_sqrt_len_tokens": False}))
    (folder / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": 256, "do_lower_case": False}))
    return folder
