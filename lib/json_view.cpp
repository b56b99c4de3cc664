// SPDX-License-Identifier: EUPL-1.2
#include "json_view.h"

#include "ifg/i18n.h"

namespace ifg::detail {

namespace {

using simdjson::dom::element_type;

}  // namespace

bool JsonView::is_null() const {
  if (kind_ == kNlohmann) return nl_->is_null();
  return kind_ == kSimd && sj_.is_null();
}

bool JsonView::is_string() const {
  if (kind_ == kNlohmann) return nl_->is_string();
  return kind_ == kSimd && sj_.is_string();
}

bool JsonView::is_bool() const {
  if (kind_ == kNlohmann) return nl_->is_boolean();
  return kind_ == kSimd && sj_.is_bool();
}

bool JsonView::is_integer() const {
  if (kind_ == kNlohmann) return nl_->is_number_integer();
  return kind_ == kSimd &&
         (sj_.type() == element_type::INT64 || sj_.type() == element_type::UINT64);
}

bool JsonView::is_number() const {
  if (kind_ == kNlohmann) return nl_->is_number();
  return kind_ == kSimd && sj_.is_number();
}

bool JsonView::is_array() const {
  if (kind_ == kNlohmann) return nl_->is_array();
  return kind_ == kSimd && sj_.is_array();
}

bool JsonView::is_object() const {
  if (kind_ == kNlohmann) return nl_->is_object();
  return kind_ == kSimd && sj_.is_object();
}

std::string_view JsonView::str() const {
  if (kind_ == kNlohmann) return nl_->get_ref<const std::string&>();
  return std::string_view(sj_.get_string().value_unsafe());
}

bool JsonView::boolean() const {
  if (kind_ == kNlohmann) return nl_->get<bool>();
  return sj_.get_bool().value_unsafe();
}

long long JsonView::integer() const {
  if (kind_ == kNlohmann) return nl_->get<long long>();
  if (sj_.type() == element_type::UINT64)
    return static_cast<long long>(sj_.get_uint64().value_unsafe());
  return sj_.get_int64().value_unsafe();
}

std::size_t JsonView::size() const {
  if (kind_ == kNlohmann) return nl_->size();
  if (kind_ != kSimd) return 0;
  if (sj_.is_array()) return simdjson::dom::array(sj_).size();
  if (sj_.is_object()) return simdjson::dom::object(sj_).size();
  return 0;
}

bool JsonView::absent() const {
  if (!present() || is_null()) return true;
  if (is_string()) return str().empty();
  return is_array() && size() == 0;
}

JsonView JsonView::member(std::string_view key) const {
  if (kind_ == kNlohmann) {
    auto it = nl_->find(key);
    return it == nl_->end() ? JsonView() : JsonView(&*it);
  }
  if (kind_ != kSimd || !sj_.is_object()) return {};
  for (auto field : simdjson::dom::object(sj_))
    if (field.key == key) return JsonView(field.value);
  return {};
}

std::string JsonView::describe() const {
  if (is_null()) return "null";  // JSON's word, as the file has it
  if (is_object()) return tr("an object");
  if (is_array()) return tr("a list");
  if (is_string()) return tr("text");
  if (is_bool()) return tr("a true/false value");
  if (is_number()) return tr("a number");
  return tr("a value of another type");
}

}  // namespace ifg::detail
