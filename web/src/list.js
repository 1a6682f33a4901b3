// One page of a paged API list (an answer {items, totalItems}) with its loading and error
// state, as ListState and Pager show it. Every list of the page reads its pages this way.
import { reactive } from 'vue';
import { api } from './api.js';

/**
 * @param {(page: number) => string} path the GET path (with its query) of page `page`, from 0
 * @param {object} [extra] more fields the view keeps in the same reactive object
 * @returns {{list: object, loadPage: (page: number) => Promise<boolean>}} the reactive list
 *   `{items, page, total, loading, error, ...extra}` and a function that reads a page into it:
 *   true once read; false if it was refused or failed, the refusal then in `list.error`
 */
export function pagedList(path, extra = {}) {
  const list = reactive({ items: [], page: 0, total: 0, loading: false, error: null, ...extra });
  async function loadPage(page) {
    list.loading = true;
    list.error = null;
    try {
      const answer = await api('GET', path(page));
      Object.assign(list, { items: answer.items, page, total: answer.totalItems });
      return true;
    } catch (e) {
      list.error = e;
      return false;
    } finally {
      list.loading = false;
    }
  }
  return { list, loadPage };
}
