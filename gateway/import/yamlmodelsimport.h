// Reads a YAML models list (`models.yaml`) into an ImportPlan. Pure; yaml-cpp parses the text.
//
// `models` is a list (or a map name -> model). Each model becomes one provider and one alias of
// the same name: type `openai` (`base_url`/`api_base`, `api_key`) or `request` (`url`: the full
// chat URL), with `model_name`, `max_tokens`, `enabled`. A `request` model with a fixed `token`
// becomes a `static-token` provider; with `auth_url` + `username` + `password` a `login`
// provider whose token is read from the usual replies (`token`, `access_token`, `data.token`)
// and kept `token_cache_hours`. `auth.api_keys` become client keys.
#pragma once

#include "envfile.h"
#include "importplan.h"

namespace clawgate::YamlModelsImport {

ImportPlan read(const QByteArray &text, const EnvValues &env);

// The YAML document as JSON (plain scalars that read as numbers or booleans become those), or
// nullopt with `error` set ("line 3: ...").
std::optional<QJsonValue> toJson(const QByteArray &text, QString *error);

} // namespace clawgate::YamlModelsImport
