/** The search pages: the quick search's results and the advanced search. Loaded on first visit only. */
import './search.css';
import { AdvancedSearchPage } from './advanced-search-page';
import { SearchPage } from './search-page';

export function SearchScreens({ path }: { path: string }) {
  return path === '/search/advanced' ? <AdvancedSearchPage /> : <SearchPage />;
}
