#!/usr/bin/env python3
"""Writes one agent-sized conversation in both protocols, for bench/run-translate.sh.

    bench/agentbodies.py AGENT_REQUEST_JSON OUT_DIR

From the recorded Claude Code request in tests/data/translate/agent-request.json it keeps the
system prompt, the first four turns (a user request, an assistant turn with two tool calls,
their results, an assistant turn with one more call) plus that call's result, and five tools;
the system prompt and the tool descriptions are trimmed. Thinking blocks are left out: a chat
backend has no place for them, and the two bodies must say the same thing. It writes:
    messages.json, messages-stream.json   the Anthropic Messages request, model "chat"
    chat.json, chat-stream.json           the same conversation as a chat-completions request
    answer.json                           a ~1 KB chat completion: a text and one tool call
"""
import json
import os
import sys

# Trims that put the whole request near 8 KB: the long third system block, each tool's
# description (the recorded ones repeat filler text).
SYSTEM_CHARS = 900
DESCRIPTION_CHARS = 560
TOOLS = ["Read", "Edit", "Bash", "Glob", "Grep"]
LAST_RESULT = "The file was updated. Line 4 now ends with a semicolon."


def anthropic_request(agent):
    system = [dict(block) for block in agent["system"]]
    system[-1]["text"] = system[-1]["text"][:SYSTEM_CHARS]
    messages = []
    for message in agent["messages"][:4]:
        content = [b for b in message["content"]
                   if b.get("type") not in ("thinking", "redacted_thinking")
                   and not (b.get("type") == "text" and not b["text"])]
        messages.append({"role": message["role"], "content": content})
    last_call = messages[-1]["content"][-1]["id"]
    messages.append({"role": "user", "content": [
        {"type": "tool_result", "tool_use_id": last_call, "content": LAST_RESULT}]})
    tools = [dict(t, description=t["description"][:DESCRIPTION_CHARS])
             for t in agent["tools"] if t["name"] in TOOLS]
    return {"model": "chat", "max_tokens": 4096, "temperature": 1, "stream": False,
            "system": system, "messages": messages, "tools": tools,
            "tool_choice": {"type": "auto"}, "metadata": agent["metadata"]}


def tool_result_text(block):
    content = block["content"]
    if isinstance(content, str):
        return content
    return "\n".join(part["text"] for part in content if part["type"] == "text")


def chat_turns(message):
    texts = [b["text"] for b in message["content"] if b["type"] == "text"]
    if message["role"] == "assistant":
        calls = [{"id": b["id"], "type": "function",
                  "function": {"name": b["name"], "arguments": json.dumps(b["input"])}}
                 for b in message["content"] if b["type"] == "tool_use"]
        turn = {"role": "assistant", "content": "".join(texts) or None}
        if calls:
            turn["tool_calls"] = calls
        return [turn]
    turns = [{"role": "tool", "tool_call_id": b["tool_use_id"], "content": tool_result_text(b)}
             for b in message["content"] if b["type"] == "tool_result"]
    if texts:
        turns.append({"role": "user", "content": [{"type": "text", "text": t} for t in texts]})
    return turns


def chat_request(anthropic):
    messages = [{"role": "system", "content": "\n\n".join(b["text"] for b in anthropic["system"])}]
    for message in anthropic["messages"]:
        messages += chat_turns(message)
    tools = [{"type": "function", "function": {"name": t["name"], "description": t["description"],
                                               "parameters": t["input_schema"]}}
             for t in anthropic["tools"]]
    return {"model": "chat", "max_tokens": 4096, "temperature": 1, "stream": False,
            "messages": messages, "tools": tools, "tool_choice": "auto",
            "user": anthropic["metadata"]["user_id"]}


def chat_answer():
    text = ("The build broke because line 4 of src/main.cpp lacked the semicolon after "
            "std::endl; the edit adds it. I will rebuild now and run the unit tests to make sure "
            "nothing else fails: if the build passes, the remaining step is ctest, and I will "
            "report any failing test with its exact output so you can see what changed.")
    arguments = {"command": "cmake --build build 2>&1 | tail -40 && ctest --test-dir build "
                            "--output-on-failure 2>&1 | tail -60",
                 "description": "Rebuild and run the unit tests", "timeout": 300000}
    return {"id": "chatcmpl-bench0000000000000000000001", "object": "chat.completion",
            "created": 1764470000, "model": "m", "system_fingerprint": "fp_bench",
            "choices": [{"index": 0, "finish_reason": "tool_calls", "logprobs": None,
                         "message": {"role": "assistant", "content": text, "tool_calls": [
                             {"id": "call_00_BenchBash0000000000001", "type": "function",
                              "function": {"name": "Bash",
                                           "arguments": json.dumps(arguments)}}]}}],
            "usage": {"prompt_tokens": 2210, "completion_tokens": 112, "total_tokens": 2322,
                      "prompt_tokens_details": {"cached_tokens": 2048}}}


def write(directory, name, value):
    with open(os.path.join(directory, name), "w", encoding="utf-8") as out:
        json.dump(value, out, ensure_ascii=False, separators=(",", ":"))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as source:
        agent = json.load(source)
    messages = anthropic_request(agent)
    chat = chat_request(messages)
    for name, body in (("messages", messages), ("chat", chat)):
        write(sys.argv[2], name + ".json", body)
        write(sys.argv[2], name + "-stream.json", dict(body, stream=True))
    write(sys.argv[2], "answer.json", chat_answer())


if __name__ == "__main__":
    main()
