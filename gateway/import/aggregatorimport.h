// Reads an aggregator's `providers.json` (OpenAI-compatible providers with `${ENV}` keys,
// optional `chatPath` and `defaultModel` per provider, ordered `backends`) and its `.env`
// (`PORT`, `GATEWAY_API_KEY`, the providers' keys) into an ImportPlan. Pure.
//
// Providers: `providers` as an object (name -> provider) or an array of objects with `name`.
// Routes: a top-level ordered `backends` list is the aggregator's one model (named by the
// top-level `defaultModel`, else "default"), answered for every model name; `models` (alias ->
// backends, or objects with `alias`/`name` and `backends`) adds aliases. A backend is
// "provider", "provider:model" or {"provider", "model", "enabled"}; without a model it uses the
// provider's `defaultModel`.
#pragma once

#include "envfile.h"
#include "importplan.h"

namespace clawgate::AggregatorImport {

ImportPlan read(const QJsonObject &root, const EnvValues &env);

} // namespace clawgate::AggregatorImport
